import { singleTargetKind } from "./singleTarget";

/** A snapshot of a managed disk (`Microsoft.Compute/snapshots`). */
export const snapshot = singleTargetKind({
  resource: "SnapshotAccess",
  noun: "snapshot",
  type: "snapshot",
  otherOutputs: ["dataAccessAuthMode"],
  path: { idProperty: "snapshotId", segments: [["snapshots", "snapshotName"]] },
});
