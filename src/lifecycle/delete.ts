import type { TargetKind } from "../kinds/targetKind";
import { currentAzureSettings } from "./configuration";
import { loadAzure } from "./loadAzure";
import type { AccessOutputs } from "./properties";

/**
 * Revokes access ("Revoke Access") to every object the resource granted, at once, each with a
 * token of its own, and waits for it; one that is gone counts as revoked. With
 * `revokeOnDelete: false` nothing is called and the SAS stays valid until it expires.
 */
export async function deleteAccess(kind: TargetKind, outputs: AccessOutputs): Promise<void> {
  if (outputs.revokeOnDelete === false) {
    return;
  }
  const { createComputeClient, revokeAccess } = loadAzure();
  const settings = currentAzureSettings();
  const results = await Promise.allSettled(
    kind
      .granted(outputs)
      .map(async (target) =>
        revokeAccess(await createComputeClient(settings, target.subscriptionId), target),
      ),
  );
  const failed = results.find((result) => result.status === "rejected");
  if (failed) {
    throw failed.reason;
  }
}
