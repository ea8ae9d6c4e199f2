import type { GrantInputs, GrantTimes } from "../lifecycle/grantInputs";
import { singleTargetKind } from "./singleTarget";

/** The target of a `DiskRestorePointAccess`: by id, or by the four names (and a subscription). */
export interface DiskRestorePointTargetInputs {
  diskRestorePointId?: string;
  subscriptionId?: string;
  resourceGroupName?: string;
  restorePointCollectionName?: string;
  vmRestorePointName?: string;
  diskRestorePointName?: string;
}

/** The plain input properties the provider receives for a `DiskRestorePointAccess`. */
export interface DiskRestorePointAccessInputs extends DiskRestorePointTargetInputs, GrantInputs {}

/** The properties the provider records for a `DiskRestorePointAccess` once access is granted. */
export interface DiskRestorePointAccessOutputs extends DiskRestorePointAccessInputs, GrantTimes {
  /** The full ARM id of the disk restore point, resolved from whichever target form was given. */
  diskRestorePointId: string;
  accessSAS: string;
  securityDataAccessSAS?: string;
  securityMetadataAccessSAS?: string;
}

/** One disk restore point of a VM restore point. */
export const diskRestorePoint = singleTargetKind({
  resource: "DiskRestorePointAccess",
  type: "diskRestorePoint",
  idProperty: "diskRestorePointId",
  nameProperties: ["restorePointCollectionName", "vmRestorePointName", "diskRestorePointName"],
});
