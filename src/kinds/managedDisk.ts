import { singleTargetKind } from "./singleTarget";

/** A managed disk (`Microsoft.Compute/disks`). */
export const managedDisk = singleTargetKind({
  resource: "ManagedDiskAccess",
  noun: "managed disk",
  type: "disk",
  otherOutputs: ["dataAccessAuthMode"],
  path: { idProperty: "diskId", segments: [["disks", "diskName"]] },
});
