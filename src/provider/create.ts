import type * as pulumi from "@pulumi/pulumi";
import { DiskRestorePointAccessError } from "../azure/accessError";
import type { GrantedSas } from "../azure";
import { currentAzureSettings } from "./configuration";
import type { DiskRestorePointAccessInputs, DiskRestorePointAccessOutputs } from "./inputs";
import { pickInputs, withoutUndefined } from "./properties";
import { formatDiskRestorePointId, resolveTarget } from "./target";
import { loadAzure } from "./loadAzure";

/**
 * Grants access: runs "Disk Restore Point - Grant Access", waits for the operation, and records the
 * SAS URLs with the grant and expiry times. A grant that fails after Azure accepted it, or that
 * Azure reports done without a SAS that was asked for, is revoked again (unless `revokeOnDelete` is
 * false) and fails the create: nothing is left granted that the stack does not record.
 */
export async function create(
  properties: DiskRestorePointAccessInputs,
): Promise<pulumi.dynamic.CreateResult<DiskRestorePointAccessOutputs>> {
  const inputs = pickInputs(properties);
  const settings = currentAzureSettings();
  const target = resolveTarget(inputs, settings.subscriptionId);
  const diskRestorePointId = formatDiskRestorePointId(target);
  const { createComputeClient, grantAccess, revokeAccess } = loadAzure();
  const client = await createComputeClient(settings, target.subscriptionId);

  const grantedAt = new Date();
  const expiresAt = new Date(grantedAt.getTime() + inputs.durationInSeconds * 1000);
  /** Revokes a grant that failed half-way, unless told not to, and says what became of it. */
  const undo = async (): Promise<string> => {
    const revoked =
      inputs.revokeOnDelete !== false &&
      (await revokeAccess(client, target).then(
        () => true,
        () => false,
      ));
    return revoked
      ? "Access was revoked again."
      : `Access may stay granted until ${expiresAt.toISOString()}.`;
  };
  let sas: GrantedSas;
  try {
    sas = await grantAccess(client, target, {
      access: inputs.access,
      durationInSeconds: inputs.durationInSeconds,
      ...(inputs.fileFormat ? { fileFormat: inputs.fileFormat } : {}),
      ...(inputs.getSecureVMGuestStateSAS !== undefined
        ? { getSecureVMGuestStateSAS: inputs.getSecureVMGuestStateSAS }
        : {}),
    });
  } catch (error) {
    if (error instanceof DiskRestorePointAccessError && error.details.accepted) {
      throw new DiskRestorePointAccessError({ ...error.details, note: await undo() });
    }
    throw error;
  }
  const missing = missingSas(inputs, sas);
  if (missing !== undefined || sas.accessSAS === undefined) {
    throw new DiskRestorePointAccessError({
      code: "GrantIncomplete",
      operation: "grant",
      diskRestorePointId,
      armMessage: `Azure reported the operation done but returned no ${missing ?? "accessSAS"}`,
      note: await undo(),
    });
  }
  const outs: DiskRestorePointAccessOutputs = withoutUndefined({
    ...inputs,
    diskRestorePointId,
    accessSAS: sas.accessSAS,
    securityDataAccessSAS: sas.securityDataAccessSAS,
    securityMetadataAccessSAS: sas.securityMetadataAccessSAS,
    grantedAt: grantedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
  });
  return { id: diskRestorePointId, outs };
}

/** The SAS that a grant asked for and Azure did not return, in words for an error; else `undefined`. */
export function missingSas(
  inputs: Pick<DiskRestorePointAccessInputs, "getSecureVMGuestStateSAS">,
  sas: GrantedSas,
): string | undefined {
  if (!sas.accessSAS) {
    return "accessSAS";
  }
  if (inputs.getSecureVMGuestStateSAS === true && !sas.securityDataAccessSAS) {
    return "securityDataAccessSAS, which getSecureVMGuestStateSAS asked for";
  }
  return undefined;
}
