import type { TargetKind } from "../kinds/targetKind";

/** What each ARM type of a target's path is called, for the descriptions of its name inputs. */
const segmentNouns: Record<string, string> = {
  restorePointCollections: "restore point collection",
  restorePoints: "VM restore point",
  diskRestorePoints: "disk restore point",
  disks: "managed disk",
  snapshots: "snapshot",
};

/** The descriptions of a kind's target inputs: its id, its subscription, its names. */
export function targetDocs(kind: TargetKind): Record<string, string> {
  const { idProperty, segments } = kind.path;
  const [first] = segments;
  const docs: Record<string, string> = {
    [idProperty]: `The full ARM id of the ${kind.noun}. Give it, or the names, not both.`,
    subscriptionId:
      "The subscription, with the names form. Default: the provider's subscriptionId, else ARM_SUBSCRIPTION_ID, else AZURE_SUBSCRIPTION_ID.",
    resourceGroupName: `The resource group of the ${segmentNouns[first![0]]}, with the names form.`,
  };
  for (const [type, property] of segments) {
    docs[property] = `The ${segmentNouns[type]}'s name, with the names form.`;
  }
  return docs;
}

/** The descriptions of the grant's settings and options, the same for every resource. */
export const grantDocs: Record<string, string> = {
  access: "`Read` to export the data, `Write` to upload into a disk created for upload.",
  durationInSeconds: "How long the SAS stays valid, in whole seconds (1 to 2147483647).",
  fileFormat:
    "The file format of the exported image. Disks with 4096-byte logical sectors need `VHDX`. Default: `VHD` (for a VM restore point, `VHDX` for the disks that need it).",
  getSecureVMGuestStateSAS:
    "Also grant a SAS for the VM guest state (disks with a security profile only). Default: false.",
  revokeOnDelete:
    "Revoke access when the resource is deleted or replaced; false lets the SAS expire on its own. Default: true.",
  renewBeforeSeconds:
    "Renew the grant on an update once it will expire within this many seconds (replacing the resource); an expired grant is always renewed. Less than durationInSeconds. Default: 0.",
};

/** The descriptions of the outputs that are not inputs. */
export const outputDocs: Record<string, string> = {
  accessSAS:
    "The SAS URL that opens the data (to read, or with access Write to upload), exactly as Azure returns it. Secret.",
  securityDataAccessSAS:
    "The SAS URL of the VM guest state, when getSecureVMGuestStateSAS asked for it. Secret.",
  securityMetadataAccessSAS:
    "The SAS URL of a confidential VM's metadata blob, which Azure returns with the guest state from api-version 2025-01-02 on. Secret.",
  dataAccessAuthMode:
    "The disk's or snapshot's dataAccessAuthMode, when it has one: `AzureActiveDirectory` means the SAS opens nothing without the reader's own Entra token.",
  disks: "The SAS URLs of every disk of the VM restore point, by disk restore point name. Secret.",
  grantedAt: "When access was granted (ISO 8601).",
  expiresAt: "When the SAS expires (ISO 8601): grantedAt plus durationInSeconds.",
};
