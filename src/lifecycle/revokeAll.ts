import type { AccessTarget } from "../azure/accessTarget";
import { currentAzureSettings } from "./configuration";
import { loadAzure } from "./loadAzure";

/**
 * Revokes access to every target at once, each with a client and a token of its own (a revoke may
 * run long after the grant whose token has expired). A target that is gone counts as revoked.
 */
export function revokeAll(
  targets: readonly AccessTarget[],
): Promise<PromiseSettledResult<"revoked" | "gone">[]> {
  const { createComputeClient, revokeAccess } = loadAzure();
  const settings = currentAzureSettings();
  return Promise.allSettled(
    targets.map(async (target) =>
      revokeAccess(await createComputeClient(settings, target.subscriptionId), target),
    ),
  );
}
