import { singleTargetKind } from "./singleTarget";

/** A snapshot of a managed disk (`Microsoft.Compute/snapshots`). */
export const snapshot = singleTargetKind({
  resource: "SnapshotAccess",
  type: "snapshot",
  idProperty: "snapshotId",
  nameProperties: ["snapshotName"],
  otherOutputs: ["dataAccessAuthMode"],
});
