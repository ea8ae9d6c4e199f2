import type { ArmTarget } from "../armId";
import { isRestError, toAccessError } from "./accessError";
import { accessTarget, type AccessTarget } from "./accessTarget";
import type { ComputeClient } from "./computeClient";

/** What a grant needs to know of one disk restore point of a VM restore point. */
export interface DiskOfVmRestorePoint {
  target: AccessTarget;
  /** 4096-byte sectors: the disk can only be exported as VHDX. */
  needsVhdx: boolean;
  /** Confidential or trusted launch VM disks have a guest state to grant. */
  hasSecurityProfile: boolean;
}

/**
 * Lists the disk restore points of a VM restore point (OS and data disks), or `undefined` when the
 * VM restore point does not exist.
 *
 * @param vm the VM restore point: its names are the collection's and its own.
 * @param vmId its ARM id, for messages.
 */
export async function listDisks(
  client: ComputeClient,
  vm: ArmTarget,
  vmId: string,
): Promise<DiskOfVmRestorePoint[] | undefined> {
  const disks: DiskOfVmRestorePoint[] = [];
  const [collection = "", restorePoint = ""] = vm.names;
  try {
    for await (const disk of client.listDiskRestorePoints(
      vm.resourceGroupName,
      collection,
      restorePoint,
    )) {
      disks.push({
        target: accessTarget("diskRestorePoint", { ...vm, names: [...vm.names, disk.name!] }),
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
      target: "VM restore point",
      targetId: vmId,
    });
  }
  return disks;
}
