export { DiskRestorePointAccess, type DiskRestorePointAccessArgs } from "./diskRestorePointAccess";
export {
  VmRestorePointAccess,
  type VmRestorePointAccessArgs,
  type DiskSas,
} from "./vmRestorePointAccess";
export { ManagedDiskAccess, type ManagedDiskAccessArgs } from "./managedDiskAccess";
export { SnapshotAccess, type SnapshotAccessArgs } from "./snapshotAccess";
export { DiskCopy, type DiskCopyArgs } from "./diskCopy";
export type { DiskCopyInputs, DiskCopyOutputs } from "./copyLifecycle/copyInputs";
export type { BlobSnapshot } from "./copyLifecycle/blobSnapshots";
export type { GrantArgs } from "./grantArgs";
export type { AccessLevel, FileFormat } from "./lifecycle/grantInputs";
export type {
  DiskRestorePointAccessInputs,
  DiskRestorePointAccessOutputs,
} from "./kinds/diskRestorePoint";
export {
  DiskAccessError,
  isDiskAccessError,
  type AccessErrorCode,
  type AccessErrorDetails,
} from "./azure/accessError";
export {
  /** @deprecated Renamed {@link DiskAccessError}: it is thrown for every kind of target. */
  DiskAccessError as DiskRestorePointAccessError,
  /** @deprecated Renamed {@link isDiskAccessError}. */
  isDiskAccessError as isDiskRestorePointAccessError,
} from "./azure/accessError";
export {
  DiskCopyError,
  isDiskCopyError,
  type CopyErrorCode,
  type CopyErrorDetails,
} from "./azure/copyError";
export { maskSasSignatures } from "./redact";
