/** One disk restore point the emulator knows, with what Azure would say about it. */
export interface DiskRestorePointFixture {
  name: string;
  /** The disk the restore point was taken of. */
  diskName: string;
  osType?: "Linux" | "Windows";
  logicalSectorSize: 512 | 4096;
  /** Disks of confidential or trusted launch VMs have a security profile and a VM guest state. */
  securityType?: string;
  /** The disk's bytes, served as a page blob. */
  bytes: Buffer;
  /** The VM guest state's bytes, for a disk with a security profile. */
  guestStateBytes?: Buffer;
  /** The VM metadata blob's bytes, for the OS disk of a confidential VM. */
  vmMetadataBytes?: Buffer;
}

/** A managed disk the emulator knows, in the state Azure would report it. */
export interface ManagedDiskFixture {
  name: string;
  /**
   * Its state before any grant: attached to a running VM, reserved by a deallocated one, frozen by a
   * hibernated one, free, or created for upload and waiting for it.
   */
  state: "Attached" | "Reserved" | "Frozen" | "Unattached" | "ReadyToUpload";
  /** The VM it is attached to (Attached, Reserved, Frozen). */
  vmName?: string;
  logicalSectorSize: 512 | 4096;
  /** How it was created; `Upload` disks take a Write grant and an upload of `uploadSizeBytes`. */
  createOption: "Empty" | "FromImage" | "Upload";
  uploadSizeBytes?: number;
  networkAccessPolicy?: "AllowAll" | "AllowPrivate" | "DenyAll";
  /** `AzureActiveDirectory`: a SAS opens the data only with the reader's own Entra token. */
  dataAccessAuthMode?: "AzureActiveDirectory" | "None";
  /** Its bytes; none for a disk waiting for upload. */
  bytes?: Buffer;
}

/** A snapshot of a managed disk. */
export interface SnapshotFixture {
  name: string;
  /** The disk it was taken of. */
  sourceDiskName: string;
  incremental: boolean;
  logicalSectorSize: 512 | 4096;
  networkAccessPolicy?: "AllowAll" | "AllowPrivate" | "DenyAll";
  bytes: Buffer;
}

/** What the emulated subscription holds: a VM restore point with its disk restore points, disks, snapshots. */
export interface AzureFixture {
  subscriptionId: string;
  resourceGroupName: string;
  location: string;
  restorePointCollectionName: string;
  vmName: string;
  vmRestorePointName: string;
  disks: DiskRestorePointFixture[];
  managedDisks?: ManagedDiskFixture[];
  snapshots?: SnapshotFixture[];
}

/** The size of an upload disk's VHD: whole MiB of data and the 512-byte footer, as Azure requires. */
export const uploadSizeBytes = 1024 * 1024 + 512;

/** The bytes of a small disk image: a label at the start, a VHD footer (`conectix`) at the end. */
export function diskImage(label: string, size = 64 * 1024): Buffer {
  const bytes = Buffer.alloc(size);
  bytes.write(label, 0, "utf8");
  bytes.write("conectix", size - 512, "ascii");
  return bytes;
}

/** A VM restore point with `count` data disks, for fan-out: one disk restore point per grant. */
export function manyDisksFixture(count: number): AzureFixture {
  const fixture = defaultFixture();
  fixture.disks = Array.from({ length: count }, (_, i) => ({
    name: `web01-disk${String(i).padStart(2, "0")}_${guidOf(i)}`,
    diskName: `web01-disk${String(i).padStart(2, "0")}`,
    logicalSectorSize: 512 as const,
    bytes: diskImage(`disk ${i}`, 4096),
  }));
  return fixture;
}

function guidOf(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

/**
 * The seeded fixture: one VM restore point of a confidential VM, with an OS disk that has a security
 * profile (so a guest state and a VM metadata SAS can be granted) and a data disk with 4096-byte
 * logical sectors (which needs VHDX).
 */
export function defaultFixture(): AzureFixture {
  return {
    subscriptionId: "6f7c2b1e-4a3d-4e8b-9c21-5d0e3f9a7b10",
    resourceGroupName: "rg-backup",
    location: "westeurope",
    restorePointCollectionName: "rpc-web01",
    vmName: "web01",
    vmRestorePointName: "vmrp-20261125",
    disks: [
      {
        name: "web01-osdisk_3f1a9c2e-7b4d-4e0a-9f6b-1c2d3e4f5a6b",
        diskName: "web01-osdisk",
        osType: "Linux",
        logicalSectorSize: 512,
        securityType: "ConfidentialVM_VMGuestStateOnlyEncryptedWithPlatformKey",
        bytes: diskImage("web01 OS disk: restore point vmrp-20261125"),
        guestStateBytes: diskImage("VMGS web01 guest state", 16 * 1024),
        vmMetadataBytes: diskImage("VMMD web01 security metadata", 4 * 1024),
      },
      {
        name: "web01-datadisk1_8e7d6c5b-4a39-4281-9f0e-d1c2b3a49586",
        diskName: "web01-datadisk1",
        logicalSectorSize: 4096,
        bytes: diskImage("web01 data disk 1: restore point vmrp-20261125"),
      },
    ],
    managedDisks: [
      {
        name: "web01-osdisk",
        state: "Attached",
        vmName: "web01",
        logicalSectorSize: 512,
        createOption: "FromImage",
        bytes: diskImage("web01 OS disk: live"),
      },
      {
        name: "web01-datadisk2",
        state: "Unattached",
        logicalSectorSize: 512,
        createOption: "Empty",
        bytes: diskImage("web01 data disk 2: detached"),
      },
      {
        name: "web02-osdisk",
        state: "Reserved",
        vmName: "web02",
        logicalSectorSize: 512,
        createOption: "FromImage",
        bytes: diskImage("web02 OS disk: VM deallocated"),
      },
      {
        name: "web03-osdisk",
        state: "Frozen",
        vmName: "web03",
        logicalSectorSize: 512,
        createOption: "FromImage",
        bytes: diskImage("web03 OS disk: VM hibernated"),
      },
      {
        name: "ultra-data01",
        state: "Unattached",
        logicalSectorSize: 4096,
        createOption: "Empty",
        bytes: diskImage("ultra data disk: 4096-byte sectors"),
      },
      {
        name: "upload-target",
        state: "ReadyToUpload",
        logicalSectorSize: 512,
        createOption: "Upload",
        uploadSizeBytes,
      },
      {
        name: "sealed-disk",
        state: "Unattached",
        logicalSectorSize: 512,
        createOption: "Empty",
        networkAccessPolicy: "DenyAll",
        bytes: diskImage("sealed disk"),
      },
      {
        name: "entra-disk",
        state: "Unattached",
        logicalSectorSize: 512,
        createOption: "Empty",
        dataAccessAuthMode: "AzureActiveDirectory",
        bytes: diskImage("entra-only disk"),
      },
    ],
    snapshots: [
      {
        name: "web01-osdisk-20261125",
        sourceDiskName: "web01-osdisk",
        incremental: true,
        logicalSectorSize: 512,
        bytes: diskImage("web01 OS disk: snapshot 2026-11-25"),
      },
      {
        name: "sealed-snapshot",
        sourceDiskName: "sealed-disk",
        incremental: false,
        logicalSectorSize: 512,
        networkAccessPolicy: "DenyAll",
        bytes: diskImage("sealed snapshot"),
      },
    ],
  };
}
