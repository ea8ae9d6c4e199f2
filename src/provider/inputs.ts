import type { TargetInputs } from "./target";

/** The access a SAS grants to a disk restore point. */
export type AccessLevel = "Read" | "Write";

/** The file format of the disk image the SAS opens. */
export type FileFormat = "VHD" | "VHDX";

/**
 * The plain input properties the provider receives for a `DiskRestorePointAccess`.
 *
 * The target is given either as {@link DiskRestorePointAccessInputs.diskRestorePointId} or as the
 * four names (with an optional subscription), never both.
 */
export interface DiskRestorePointAccessInputs extends TargetInputs {
  access: AccessLevel;
  durationInSeconds: number;
  fileFormat?: FileFormat;
  getSecureVMGuestStateSAS?: boolean;
  revokeOnDelete?: boolean;
  /** Renew once the grant expires within this many seconds; see the resource's arguments. */
  renewBeforeSeconds?: number;
}

/** The properties the provider records for a `DiskRestorePointAccess` once access is granted. */
export interface DiskRestorePointAccessOutputs extends DiskRestorePointAccessInputs {
  /** The full ARM id of the disk restore point, resolved from whichever target form was given. */
  diskRestorePointId: string;
  accessSAS: string;
  securityDataAccessSAS?: string;
  securityMetadataAccessSAS?: string;
  /** ISO 8601 time at which the grant was requested. */
  grantedAt: string;
  /** ISO 8601 time at which the SAS expires: `grantedAt` plus `durationInSeconds`. */
  expiresAt: string;
}

/** The names of the input properties, in the order they are documented. */
export const inputNames = [
  "diskRestorePointId",
  "subscriptionId",
  "resourceGroupName",
  "restorePointCollectionName",
  "vmRestorePointName",
  "diskRestorePointName",
  "access",
  "durationInSeconds",
  "fileFormat",
  "getSecureVMGuestStateSAS",
  "revokeOnDelete",
  "renewBeforeSeconds",
] as const satisfies readonly (keyof DiskRestorePointAccessInputs)[];

/** The names of the outputs that hold a SAS URL and are kept secret. */
export const secretOutputNames = [
  "accessSAS",
  "securityDataAccessSAS",
  "securityMetadataAccessSAS",
] as const;

/** The value Pulumi passes for an input that is not known yet (during `pulumi preview`). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
