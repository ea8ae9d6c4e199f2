import type { AccessErrorDetails } from "./accessError";

/** What a disk or snapshot said of itself when it was read beside a grant. */
export interface DiskFacts {
  diskState?: string;
  createOption?: string;
  /** The size a disk created for upload takes: its VHD's, footer included. */
  uploadSizeBytes?: number;
  networkAccessPolicy?: string;
  dataAccessAuthMode?: string;
}

/** What the provider asked of Azure when it failed: a grant's access level, if a grant. */
export interface AskedFor {
  access?: string;
}

/**
 * What to do about a failure, where it is known: judged from what the disk or snapshot says of
 * itself (its state, how it was created, its network policy) before Azure's words, which public
 * sources do not quote for every refusal.
 */
export function hintFor(
  details: AccessErrorDetails,
  facts: DiskFacts = {},
  asked: AskedFor = {},
): string | undefined {
  const text = `${details.armCode ?? ""} ${details.armMessage ?? ""}`;
  const what = details.target === "snapshot" ? "snapshot" : "disk";
  if (/currently attached to running VM/i.test(text) || facts.diskState === "Attached") {
    return "Deallocate the VM (stop it from Azure, not only from inside the guest), or take a snapshot of the disk and grant access to the snapshot with SnapshotAccess.";
  }
  if (facts.networkAccessPolicy === "DenyAll") {
    return `The ${what}'s networkAccessPolicy is DenyAll, which forbids any export or upload: set it to AllowAll (or AllowPrivate, through a disk access resource) to grant a SAS.`;
  }
  const waitsForUpload = facts.diskState === "ReadyToUpload" || facts.diskState === "ActiveUpload";
  if (asked.access === "Read" && waitsForUpload) {
    return 'The disk waits for an upload: grant access "Write", upload a fixed-size VHD through the SAS, then delete the resource to finish the upload; read it afterwards.';
  }
  if (asked.access === "Write" && facts.createOption !== undefined && !waitsForUpload) {
    return `Only a disk created for upload (creationData.createOption "Upload" with uploadSizeBytes), and waiting for it, takes access "Write"; to export this ${what}, use access "Read".`;
  }
  if (/InvalidVhd|cookie value/i.test(text)) {
    return "Upload a fixed-size VHD of the disk's uploadSizeBytes: whole MiB of data followed by the 512-byte footer that starts with the cookie 'conectix' (qemu-img convert -f raw -O vpc -o subformat=fixed,force_size makes one). The disk stays open for the upload: upload again through the same SAS, then delete the resource again.";
  }
  if (/logical sector size of 4096|VHDX/i.test(text)) {
    return 'Set fileFormat: "VHDX": disks with 4096-byte logical sectors can only be exported as VHDX.';
  }
  if (/GetSecureVMGuestStateSAS/i.test(text)) {
    return "Remove getSecureVMGuestStateSAS: only disks with a security profile (confidential or trusted launch VMs) have a guest state.";
  }
  if (/DiskRestorePointUsedByCustomer|EndGetAccess/i.test(text)) {
    return "An outstanding SAS blocks deleting the restore point: revoke access first, or wait until the SAS expires.";
  }
  if (details.statusCode === 401 || details.statusCode === 403) {
    return `Check the identity the provider signs in with, and its role assignment on the ${details.target}.`;
  }
  return undefined;
}
