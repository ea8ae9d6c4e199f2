import { singleTargetKind } from "./singleTarget";

/** A managed disk (`Microsoft.Compute/disks`). */
export const managedDisk = singleTargetKind({
  resource: "ManagedDiskAccess",
  type: "disk",
  idProperty: "diskId",
  nameProperties: ["diskName"],
  otherOutputs: ["dataAccessAuthMode"],
});
