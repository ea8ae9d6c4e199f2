import type { AccessLevel, FileFormat } from "../provider/inputs";
import type { VmRestorePointTarget } from "../azure/vmRestorePoints";

/** The plain input properties the provider receives for a `VmRestorePointAccess`. */
export interface VmRestorePointAccessInputs {
  vmRestorePointId: string;
  access: AccessLevel;
  durationInSeconds: number;
  fileFormat?: FileFormat;
  getSecureVMGuestStateSAS?: boolean;
  revokeOnDelete?: boolean;
}

/** The SAS URLs of one disk of the VM restore point. */
export interface DiskSas {
  diskRestorePointId: string;
  accessSAS: string;
  securityDataAccessSAS?: string;
  securityMetadataAccessSAS?: string;
}

/** The properties recorded for a `VmRestorePointAccess` once every disk is granted. */
export interface VmRestorePointAccessOutputs extends VmRestorePointAccessInputs {
  /** By disk restore point name. */
  disks: Record<string, DiskSas>;
  grantedAt: string;
  expiresAt: string;
}

/** The names of the input properties. */
export const vmInputNames = [
  "vmRestorePointId",
  "access",
  "durationInSeconds",
  "fileFormat",
  "getSecureVMGuestStateSAS",
  "revokeOnDelete",
] as const satisfies readonly (keyof VmRestorePointAccessInputs)[];

/** The shape of a VM restore point id, as shown in error messages. */
export const vmRestorePointIdShape =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/restorePointCollections/{restorePointCollectionName}/restorePoints/{vmRestorePointName}";

const idPattern =
  /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/restorePointCollections\/([^/]+)\/restorePoints\/([^/]+)$/i;

/** Parses a VM restore point's ARM id, or `undefined` when it has another shape. */
export function parseVmRestorePointId(id: string): VmRestorePointTarget | undefined {
  const match = idPattern.exec(id);
  return match
    ? {
        subscriptionId: match[1]!,
        resourceGroupName: match[2]!,
        restorePointCollectionName: match[3]!,
        vmRestorePointName: match[4]!,
      }
    : undefined;
}

/** The recorded input properties, without the outputs and the engine's own. */
export function pickVmInputs(properties: VmRestorePointAccessInputs): VmRestorePointAccessInputs {
  const picked: Record<string, unknown> = {};
  for (const name of vmInputNames) {
    if (properties[name] !== undefined) {
      picked[name] = properties[name];
    }
  }
  return picked as unknown as VmRestorePointAccessInputs;
}
