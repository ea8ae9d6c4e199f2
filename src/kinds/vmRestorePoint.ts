import { parseArmId } from "../armId";
import { accessTarget, accessTargetPaths } from "../azure/accessTarget";
import type { GrantInputs, GrantTimes } from "../lifecycle/grantInputs";
import { withoutUndefined } from "../withoutUndefined";
import { diskRestorePoint } from "./diskRestorePoint";
import type { TargetKind } from "./targetKind";
import { formatTargetId, type TargetPath } from "./targetPath";

/** The SAS URLs of one disk of a VM restore point. */
export interface DiskSas {
  diskRestorePointId: string;
  accessSAS: string;
  securityDataAccessSAS?: string;
  securityMetadataAccessSAS?: string;
}

/** The plain input properties the provider receives for a `VmRestorePointAccess`. */
export interface VmRestorePointAccessInputs extends GrantInputs {
  vmRestorePointId?: string;
  subscriptionId?: string;
  resourceGroupName?: string;
  restorePointCollectionName?: string;
  vmRestorePointName?: string;
}

/** The properties recorded for a `VmRestorePointAccess` once every disk is granted. */
export interface VmRestorePointAccessOutputs extends VmRestorePointAccessInputs, GrantTimes {
  vmRestorePointId: string;
  /** By disk restore point name. */
  disks: Record<string, DiskSas>;
}

/** The path of its disk restore points, less their own level. */
const path: TargetPath = {
  idProperty: "vmRestorePointId",
  segments: diskRestorePoint.path.segments.slice(0, -1),
};

/**
 * Every disk of a VM restore point (its disk restore points, found in Azure), granted at once and
 * recorded by disk restore point name in the secret output `disks`: VHDX for disks with 4096-byte
 * sectors unless `fileFormat` says otherwise, the guest state for the disks that have one.
 */
export const vmRestorePoint: TargetKind = {
  resource: "VmRestorePointAccess",
  noun: "VM restore point",
  path,
  // A file format left out means "VHDX where the sectors need it": not the same as "VHD".
  settingDefaults: { getSecureVMGuestStateSAS: false },
  secretOutputs: ["disks"],
  otherOutputs: [],
  async plan(target, inputs: GrantInputs, calls) {
    const vmId = formatTargetId(path, target);
    const disks = await calls.listDisks(target, vmId);
    if (!disks || disks.length === 0) {
      throw new Error(
        `VM restore point ${vmId} ${disks ? "has no disk restore points" : "was not found"}.`,
      );
    }
    return disks.map((disk) => {
      const fileFormat = inputs.fileFormat ?? (disk.needsVhdx ? "VHDX" : undefined);
      const guestState = inputs.getSecureVMGuestStateSAS === true && disk.hasSecurityProfile;
      return {
        target: disk.target,
        request: {
          access: inputs.access,
          durationInSeconds: inputs.durationInSeconds,
          ...(fileFormat ? { fileFormat } : {}),
          ...(guestState ? { getSecureVMGuestStateSAS: true } : {}),
        },
      };
    });
  },
  grantOutputs(grants) {
    const disks: Record<string, DiskSas> = {};
    for (const { planned, sas } of grants) {
      disks[planned.target.names.at(-1)!] = withoutUndefined({
        diskRestorePointId: planned.target.id,
        accessSAS: sas.accessSAS!,
        securityDataAccessSAS: sas.securityDataAccessSAS,
        securityMetadataAccessSAS: sas.securityMetadataAccessSAS,
      });
    }
    return { disks };
  },
  granted: (outputs) =>
    Object.values(outputs["disks"] as Record<string, DiskSas>).map((disk) =>
      accessTarget(
        "diskRestorePoint",
        parseArmId(accessTargetPaths.diskRestorePoint, disk.diskRestorePointId)!,
      ),
    ),
};
