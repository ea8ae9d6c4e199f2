import type { TargetKind } from "../kinds/targetKind";
import type { AccessOutputs } from "./properties";
import { revokeAll } from "./revokeAll";

/**
 * Revokes access ("Revoke Access") to every object the resource granted, at once, and waits for it;
 * one that is gone counts as revoked. With `revokeOnDelete: false` nothing is called and the SAS
 * stays valid until it expires. The first refusal fails the delete: the resource stays in state.
 */
export async function deleteAccess(kind: TargetKind, outputs: AccessOutputs): Promise<void> {
  if (outputs.revokeOnDelete === false) {
    return;
  }
  const failed = (await revokeAll(kind.granted(outputs))).find((r) => r.status === "rejected");
  if (failed) {
    throw failed.reason;
  }
}
