import { currentAzureSettings } from "../provider/configuration";
import { parseDiskRestorePointId } from "../provider/target";
import type { VmRestorePointAccessOutputs } from "./inputs";
import { revokeDisks } from "./revokeDisks";

/**
 * Revokes access to every disk that was granted, at once; a disk restore point that is gone counts
 * as revoked. With `revokeOnDelete: false` nothing is called.
 */
export async function deleteVmAccess(
  _id: string,
  outputs: VmRestorePointAccessOutputs,
): Promise<void> {
  if (outputs.revokeOnDelete === false) {
    return;
  }
  const disks = Object.values(outputs.disks).map((disk) => ({
    target: parseDiskRestorePointId(disk.diskRestorePointId)!,
  }));
  await revokeDisks(currentAzureSettings(), disks, true);
}
