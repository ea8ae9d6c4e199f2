import type * as pulumi from "@pulumi/pulumi";
import { DiskRestorePointAccessError, isDiskRestorePointAccessError } from "../azure/accessError";
import type { DiskOfVmRestorePoint, GrantedSas } from "../azure";
import { currentAzureSettings } from "../provider/configuration";
import { missingSas } from "../provider/create";
import { loadAzure } from "../provider/loadAzure";
import { withoutUndefined } from "../provider/properties";
import { formatDiskRestorePointId } from "../provider/target";
import {
  parseVmRestorePointId,
  pickVmInputs,
  type DiskSas,
  type VmRestorePointAccessInputs,
  type VmRestorePointAccessOutputs,
} from "./inputs";
import { revokeDisks } from "./revokeDisks";

/**
 * Grants access to every disk restore point of the VM restore point at once, each with a client
 * of its own: VHDX for disks with 4096-byte sectors unless `fileFormat` says otherwise, the guest
 * state for the disks that have one when asked. If any disk fails, every disk is revoked again
 * (unless `revokeOnDelete` is false) and the create fails naming the disk and Azure's reason.
 */
export async function create(
  properties: VmRestorePointAccessInputs,
): Promise<pulumi.dynamic.CreateResult<VmRestorePointAccessOutputs>> {
  const inputs = pickVmInputs(properties);
  const vm = parseVmRestorePointId(inputs.vmRestorePointId)!;
  const settings = currentAzureSettings();
  const { createComputeClient, grantAccess, listDisks } = loadAzure();
  const disks = await listDisks(await createComputeClient(settings, vm.subscriptionId), vm);
  if (!disks || disks.length === 0) {
    throw new Error(
      `VM restore point ${inputs.vmRestorePointId} ${disks ? "has no disk restore points" : "was not found"}.`,
    );
  }
  const grantedAt = new Date();
  const expiresAt = new Date(grantedAt.getTime() + inputs.durationInSeconds * 1000);
  const grantOne = async (disk: DiskOfVmRestorePoint): Promise<GrantedSas> => {
    const fileFormat = inputs.fileFormat ?? (disk.needsVhdx ? "VHDX" : undefined);
    const guestState = inputs.getSecureVMGuestStateSAS === true && disk.hasSecurityProfile;
    const sas = await grantAccess(
      await createComputeClient(settings, vm.subscriptionId),
      disk.target,
      {
        access: inputs.access,
        durationInSeconds: inputs.durationInSeconds,
        ...(fileFormat ? { fileFormat } : {}),
        ...(guestState ? { getSecureVMGuestStateSAS: true } : {}),
      },
    );
    const missing = missingSas({ getSecureVMGuestStateSAS: guestState }, sas);
    if (missing !== undefined) {
      throw new DiskRestorePointAccessError({
        code: "GrantIncomplete",
        operation: "grant",
        diskRestorePointId: formatDiskRestorePointId(disk.target),
        armMessage: `Azure reported the operation done but returned no ${missing}`,
      });
    }
    return sas;
  };
  const results = await Promise.allSettled(disks.map(grantOne));
  const failures = results.flatMap((result) =>
    result.status === "rejected" ? [result.reason as unknown] : [],
  );
  if (failures.length > 0) {
    const note =
      inputs.revokeOnDelete !== false && (await revokeDisks(settings, disks))
        ? `Access to the ${disks.length} disks of the VM restore point was revoked again.`
        : `Access to the disks granted may stay until ${expiresAt.toISOString()}.`;
    const first = failures[0];
    if (isDiskRestorePointAccessError(first)) {
      const others = failures.length > 1 ? ` ${failures.length - 1} more disks failed too.` : "";
      throw new DiskRestorePointAccessError({ ...first.details, note: `${note}${others}` });
    }
    throw first;
  }
  const granted: Record<string, DiskSas> = {};
  for (const [i, disk] of disks.entries()) {
    const sas = (results[i] as PromiseFulfilledResult<GrantedSas>).value;
    granted[disk.target.diskRestorePointName] = withoutUndefined({
      diskRestorePointId: formatDiskRestorePointId(disk.target),
      accessSAS: sas.accessSAS!,
      securityDataAccessSAS: sas.securityDataAccessSAS,
      securityMetadataAccessSAS: sas.securityMetadataAccessSAS,
    });
  }
  return {
    id: inputs.vmRestorePointId,
    outs: {
      ...inputs,
      disks: granted,
      grantedAt: grantedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
    },
  };
}
