import { createCipheriv, createHash } from "node:crypto";
import type { Extent } from "./storage";

/**
 * A disk image of `size` bytes whose data is only in its extents (whole pages at page
 * boundaries): the rest reads as zeros and holds no pages, as on a sparse disk.
 */
export interface SparseImage {
  size: number;
  extents: Extent[];
}

/** One disk restore point the emulator knows, with what Azure would say about it. */
export interface DiskRestorePointFixture {
  name: string;
  /** The disk the restore point was taken of. */
  diskName: string;
  osType?: "Linux" | "Windows";
  logicalSectorSize: 512 | 4096;
  /** Disks of confidential or trusted launch VMs have a security profile and a VM guest state. */
  securityType?: string;
  /** The disk's bytes, served as a page blob; or {@link DiskRestorePointFixture.image}. */
  bytes?: Buffer;
  /** A sparse image of the disk, instead of its bytes. */
  image?: SparseImage;
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
  /** A sparse image of the disk, instead of its bytes. */
  image?: SparseImage;
}

/** A snapshot of a managed disk. */
export interface SnapshotFixture {
  name: string;
  /** The disk it was taken of. */
  sourceDiskName: string;
  incremental: boolean;
  logicalSectorSize: 512 | 4096;
  networkAccessPolicy?: "AllowAll" | "AllowPrivate" | "DenyAll";
  /** Its bytes; or {@link SnapshotFixture.image}. */
  bytes?: Buffer;
  /** A sparse image of the snapshot, instead of its bytes. */
  image?: SparseImage;
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

/** The size in bytes of a disk image, sparse or not. */
export function imageSize(disk: { bytes?: Buffer; image?: SparseImage }): number {
  return disk.image?.size ?? disk.bytes?.length ?? 0;
}

/**
 * A sparse VHD image of `sizeMiB` MiB and its 512-byte footer (cookie `conectix`), holding data
 * only in `extents` (offset and length, whole pages): bytes that look random, the same for the
 * same label every time, with the label at the start of the first extent.
 */
export function sparseImage(
  label: string,
  sizeMiB: number,
  extents: readonly (readonly [offset: number, length: number])[],
): SparseImage {
  const size = sizeMiB * 1024 * 1024 + 512;
  const key = createHash("sha256").update(label).digest().subarray(0, 16);
  const data = extents.map(([offset, length]) => {
    if (offset % 512 !== 0 || length % 512 !== 0 || offset + length > size - 512) {
      throw new Error(`The extent ${offset}+${length} of ${label} is not whole pages of its data.`);
    }
    const iv = Buffer.alloc(16);
    iv.writeUInt32BE(offset / 512, 12);
    const bytes = createCipheriv("aes-128-ctr", key, iv).update(Buffer.alloc(length));
    return { offset, bytes };
  });
  data[0]?.bytes.write(label, 0, "utf8");
  const footer = Buffer.alloc(512);
  footer.write("conectix", 0, "ascii");
  return { size, extents: [...data, { offset: size - 512, bytes: footer }] };
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

const MiB = 1024 * 1024;

/**
 * The extents of the sparse 1 GiB disk the copy tests use: a boot area, files here and there (one
 * across a 4 MiB boundary, two pages apart from its neighbour), a log near the end.
 */
export const sparseDiskExtents: readonly (readonly [number, number])[] = [
  [0, 2 * MiB],
  [64 * MiB, 4 * MiB + 12 * 1024],
  [68 * MiB + 13 * 1024, 256 * 1024],
  [300 * MiB + 512, 6 * MiB],
  [1000 * MiB, 1536 * 1024],
];

/**
 * The default fixture and the sources and destinations of copies: a sparse 1 GiB snapshot and
 * disk restore point (the data disk web01-datadisk2, 1 GiB and its VHD footer), a disk created
 * for upload of exactly that size, and a 9 TiB snapshot, larger than a page blob can be.
 */
export function copyFixture(): AzureFixture {
  const fixture = defaultFixture();
  const image = sparseImage("web01 data disk 2: 1 GiB, sparse", 1024, sparseDiskExtents);
  fixture.disks.push({
    name: "web01-datadisk2_5c4d3e2f-1a0b-4c9d-8e7f-6a5b4c3d2e1f",
    diskName: "web01-datadisk2",
    logicalSectorSize: 512,
    image,
  });
  fixture.snapshots!.push({
    name: "web01-datadisk2-20261201",
    sourceDiskName: "web01-datadisk2",
    incremental: true,
    logicalSectorSize: 512,
    image,
  });
  fixture.snapshots!.push({
    name: "archive-9tib-20261201",
    sourceDiskName: "archive-9tib",
    incremental: true,
    logicalSectorSize: 512,
    image: sparseImage("archive: 9 TiB", 9 * 1024 * 1024, [[0, 4096]]),
  });
  fixture.managedDisks!.push({
    name: "restored-datadisk2",
    state: "ReadyToUpload",
    logicalSectorSize: 512,
    createOption: "Upload",
    uploadSizeBytes: image.size,
  });
  return fixture;
}

/**
 * The fixture of nightly backups: the copy fixture and a data disk, web02-datadisk1 (1 GiB and its
 * VHD footer, 7 MiB of data), free of any VM, whose snapshots tests take as they change it.
 */
export function nightlyFixture(): AzureFixture {
  const fixture = copyFixture();
  fixture.managedDisks!.push({
    name: "web02-datadisk1",
    state: "Unattached",
    logicalSectorSize: 512,
    createOption: "Empty",
    image: sparseImage("web02 data disk 1: 1 GiB, nightly", 1024, [
      [0, 4 * MiB],
      [100 * MiB, 2 * MiB],
      [512 * MiB, 1 * MiB],
    ]),
  });
  return fixture;
}
