import { formatVmRestorePointId, type DiskRestorePointTarget } from "../provider/target";
import { isRestError, toAccessError } from "./accessError";
import type { ComputeClient } from "./computeClient";

/** The coordinates of one VM restore point: a disk restore point's, without the disk. */
export type VmRestorePointTarget = Omit<DiskRestorePointTarget, "diskRestorePointName">;

/** What a grant needs to know of one disk restore point of a VM restore point. */
export interface DiskOfVmRestorePoint {
  target: DiskRestorePointTarget;
  /** 4096-byte sectors: the disk can only be exported as VHDX. */
  needsVhdx: boolean;
  /** Confidential or trusted launch VM disks have a guest state to grant. */
  hasSecurityProfile: boolean;
}

/**
 * Lists the disk restore points of a VM restore point (OS and data disks), or `undefined` when the
 * VM restore point does not exist.
 */
export async function listDisks(
  client: ComputeClient,
  vm: VmRestorePointTarget,
): Promise<DiskOfVmRestorePoint[] | undefined> {
  const disks: DiskOfVmRestorePoint[] = [];
  try {
    for await (const disk of client.diskRestorePoint.listByRestorePoint(
      vm.resourceGroupName,
      vm.restorePointCollectionName,
      vm.vmRestorePointName,
    )) {
      disks.push({
        target: { ...vm, diskRestorePointName: disk.name! },
        needsVhdx: disk.logicalSectorSize === 4096,
        hasSecurityProfile: disk.securityProfile?.securityType !== undefined,
      });
    }
  } catch (error) {
    if (isRestError(error) && error.statusCode === 404) {
      return undefined;
    }
    throw toAccessError(error, {
      code: "ReadFailed",
      operation: "read",
      diskRestorePointId: formatVmRestorePointId(vm),
    });
  }
  return disks;
}
