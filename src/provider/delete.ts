import { currentAzureSettings } from "./configuration";
import type { DiskRestorePointAccessOutputs } from "./inputs";
import { resolveTarget } from "./target";
import { loadAzure } from "./loadAzure";

/**
 * Revokes access ("Disk Restore Point - Revoke Access") and waits for it, with a token of its own.
 * A disk restore point that is gone counts as revoked. With `revokeOnDelete: false` nothing is
 * called and the SAS stays valid until it expires.
 */
export async function deleteAccess(
  _id: string,
  outputs: DiskRestorePointAccessOutputs,
): Promise<void> {
  if (outputs.revokeOnDelete === false) {
    return;
  }
  const settings = currentAzureSettings();
  const target = resolveTarget({ diskRestorePointId: outputs.diskRestorePointId }, undefined);
  const { createComputeClient, revokeAccess } = loadAzure();
  await revokeAccess(await createComputeClient(settings, target.subscriptionId), target);
}
