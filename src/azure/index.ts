/**
 * The provider's calls to Azure. The provider loads this module only when an operation calls Azure,
 * so that a program that declares resources, and a preview, never load the Azure SDK.
 *
 * @packageDocumentation
 */
export { createComputeClient, type ComputeClient } from "./computeClient";
export {
  grantAccess,
  grantIncomplete,
  readAccessState,
  readDiskFacts,
  readSnapshotLineage,
  revokeAccess,
  type AccessState,
  type GrantedSas,
  type SnapshotLineage,
} from "./access";
export { resolveCloud } from "./cloud";
export { createCredential } from "./credential";
export { listDisks, type DiskOfVmRestorePoint } from "./vmRestorePoints";
