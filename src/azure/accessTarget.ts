import { formatArmId, type ArmTarget } from "../armId";

/**
 * The Azure objects whose data a SAS opens, each with the operation pair `beginGetAccess` and
 * `endGetAccess`: a disk restore point, a managed disk, a snapshot.
 */
export type AccessTargetType = "diskRestorePoint" | "disk" | "snapshot";

/** One object to grant access to, as Resource Manager names it. */
export interface AccessTarget extends ArmTarget {
  type: AccessTargetType;
  /** The full ARM id, for messages. */
  id: string;
}

/** The types of each target's path below its resource group. */
export const accessTargetPaths: Record<AccessTargetType, readonly string[]> = {
  diskRestorePoint: ["restorePointCollections", "restorePoints", "diskRestorePoints"],
  disk: ["disks"],
  snapshot: ["snapshots"],
};

/** What Azure calls each target, in messages. */
export const accessTargetNouns: Record<AccessTargetType, string> = {
  diskRestorePoint: "disk restore point",
  disk: "managed disk",
  snapshot: "snapshot",
};

/** The access target of the given type at `target`. */
export function accessTarget(type: AccessTargetType, target: ArmTarget): AccessTarget {
  return { ...target, type, id: formatArmId(accessTargetPaths[type], target) };
}
