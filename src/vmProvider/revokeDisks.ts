import type { DiskOfVmRestorePoint } from "../azure";
import type { AzureSettings } from "../azure/settings";
import { loadAzure } from "../provider/loadAzure";

/**
 * Revokes access to every given disk at once, each with a client of its own.
 *
 * @returns whether every revoke succeeded; the first failure is thrown when `throwFirst` is set.
 */
export async function revokeDisks(
  settings: AzureSettings,
  disks: readonly Pick<DiskOfVmRestorePoint, "target">[],
  throwFirst = false,
): Promise<boolean> {
  const { createComputeClient, revokeAccess } = loadAzure();
  const results = await Promise.allSettled(
    disks.map(async ({ target }) =>
      revokeAccess(await createComputeClient(settings, target.subscriptionId), target),
    ),
  );
  const failed = results.find((r) => r.status === "rejected");
  if (failed && throwFirst) {
    throw failed.reason;
  }
  return failed === undefined;
}
