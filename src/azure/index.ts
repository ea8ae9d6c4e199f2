/**
 * The provider's calls to Azure. The provider loads this module only when an operation calls Azure,
 * so that a program that declares resources, and a preview, never load the Azure SDK.
 *
 * @packageDocumentation
 */
export { createComputeClient } from "./computeClient";
export {
  diskRestorePointExists,
  grantAccess,
  revokeAccess,
  type GrantedSas,
} from "./diskRestorePoints";
export { listDisks, type DiskOfVmRestorePoint, type VmRestorePointTarget } from "./vmRestorePoints";
