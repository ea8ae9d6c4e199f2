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

/** A VM restore point with its disk restore points. */
export interface RestorePointFixture {
  subscriptionId: string;
  resourceGroupName: string;
  location: string;
  restorePointCollectionName: string;
  vmName: string;
  vmRestorePointName: string;
  disks: DiskRestorePointFixture[];
}

/** The bytes of a small disk image: a label at the start, a VHD footer (`conectix`) at the end. */
export function diskImage(label: string, size = 64 * 1024): Buffer {
  const bytes = Buffer.alloc(size);
  bytes.write(label, 0, "utf8");
  bytes.write("conectix", size - 512, "ascii");
  return bytes;
}

/** A VM restore point with `count` data disks, for fan-out: one disk restore point per grant. */
export function manyDisksFixture(count: number): RestorePointFixture {
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
export function defaultFixture(): RestorePointFixture {
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
  };
}
