export { DiskRestorePointAccess, type DiskRestorePointAccessArgs } from "./diskRestorePointAccess";
export {
  VmRestorePointAccess,
  type VmRestorePointAccessArgs,
  type DiskSas,
} from "./vmRestorePointAccess";
export type {
  AccessLevel,
  FileFormat,
  DiskRestorePointAccessInputs,
  DiskRestorePointAccessOutputs,
} from "./provider/inputs";
export {
  DiskRestorePointAccessError,
  isDiskRestorePointAccessError,
  type AccessErrorCode,
  type AccessErrorDetails,
} from "./azure/accessError";
export { maskSasSignatures } from "./redact";
