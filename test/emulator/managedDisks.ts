import { randomBytes, randomUUID } from "node:crypto";
import { differenceOf, type DiskChange, type SnapshotDifference } from "./changeJournal";
import type { DiskOperation, OperationOutcome } from "./diskOperations";
import {
  imageSize,
  type AzureFixture,
  type ManagedDiskFixture,
  type SnapshotFixture,
  type SparseImage,
} from "./fixture";
import { isRefusal, readGrantRequest } from "./grantRequest";
import { cloudError, type EmulatorRequest, type EmulatorResponse } from "./http";
import type { DiskStorage } from "./storage";
import { storageError, type StorageAnswer } from "./storageError";

/** The long-running operations of Resource Manager, which the disk endpoints start and announce. */
export interface OperationHost {
  startOperation(apiVersion: string, effect: () => Promise<OperationOutcome>): DiskOperation;
  accepted(operation: DiskOperation, baseUrl: string): EmulatorResponse;
}

/** The two ARM types served here. */
export type DiskType = "disks" | "snapshots";

/** A managed disk or snapshot as the emulator keeps it: what Azure knows of it, and its grant. */
interface StoredDisk {
  type: DiskType;
  name: string;
  state: ManagedDiskFixture["state"];
  vmName?: string;
  logicalSectorSize: 512 | 4096;
  createOption: ManagedDiskFixture["createOption"] | "Copy";
  uploadSizeBytes?: number;
  networkAccessPolicy: NonNullable<ManagedDiskFixture["networkAccessPolicy"]>;
  dataAccessAuthMode?: ManagedDiskFixture["dataAccessAuthMode"];
  incremental?: boolean;
  sourceDiskName?: string;
  /** The `uniqueId` of the disk a snapshot was taken of. */
  sourceUniqueId?: string;
  /** The size of a snapshot taken here. */
  sizeBytes?: number;
  bytes?: Buffer;
  image?: SparseImage;
  /** Where its bytes live in storage. */
  container: string;
  /** A snapshot's bytes are a snapshot of its blob, taken at this time. */
  snapshotTime?: string;
  /** The grant in force: until when, and whether it allows writing. */
  grant?: { until: number; write: boolean };
  /** Azure's id of this disk or snapshot, which a snapshot names as `sourceUniqueId`. */
  uniqueId: string;
  timeCreated: string;
  /** A disk's changes since it was created, as Azure's change tracking keeps them. */
  changes: DiskChange[];
  /** An incremental snapshot taken here: how many of its disk's changes it holds. */
  changesHeld?: number;
}

/** Azure lets at most this many snapshots of one disk have a SAS at a time. */
export const maxSnapshotsWithSas = 5;

/**
 * Resource Manager's managed disks and snapshots, as far as their SAS goes: reads, and the grant
 * and revoke long-running operations with `diskState` transitions (`ActiveSAS`, `ActiveSASFrozen`,
 * `ActiveUpload`, back when revoked or expired) and Azure's refusals: a disk attached to a running
 * VM (409 `Conflict`, in Azure's words), `networkAccessPolicy: DenyAll`, `Read` on a disk waiting
 * for upload, `Write` on one not created for upload (the emulator's words: public sources quote
 * none), and a revoke that finds no valid VHD after an upload (`InvalidVhd`, in Azure's words).
 */
export class ManagedDisks {
  private readonly disks = new Map<string, StoredDisk>();

  constructor(
    private readonly fixture: AzureFixture,
    private readonly storage: DiskStorage,
    private readonly host: OperationHost,
  ) {
    for (const disk of fixture.managedDisks ?? []) {
      this.add({
        ...disk,
        type: "disks",
        networkAccessPolicy: disk.networkAccessPolicy ?? "AllowAll",
        container: container(),
        ...identity(),
      });
    }
    for (const snapshot of fixture.snapshots ?? []) {
      this.add(snapshotOf(snapshot));
    }
    storage.front.snapshotDifference = (target, previous) =>
      this.snapshotDifference(target, previous);
  }

  /** Puts every disk's and snapshot's bytes into storage. */
  async seed(): Promise<void> {
    for (const disk of this.disks.values()) {
      await this.store(disk);
    }
  }

  /**
   * Creates a disk for upload (`createOption: Upload`), as a PUT does: `ReadyToUpload`. A disk of
   * that name that exists already is kept, as a PUT with no change keeps it.
   */
  async createUploadDisk(name: string, uploadSizeBytes: number): Promise<void> {
    if (this.disks.has(key("disks", name))) {
      return;
    }
    const disk: StoredDisk = {
      type: "disks",
      name,
      state: "ReadyToUpload",
      logicalSectorSize: 512,
      createOption: "Upload",
      uploadSizeBytes,
      networkAccessPolicy: "AllowAll",
      container: container(),
      ...identity(),
    };
    this.add(disk);
    await this.store(disk);
  }

  /** Writes `bytes` (whole pages) to a disk at `offset`, as a VM does; change tracking notes it. */
  async writeDisk(name: string, offset: number, bytes: Buffer): Promise<void> {
    const disk = this.disks.get(key("disks", name))!;
    await this.storage.writePages({ container: disk.container, blob: "abcd" }, offset, bytes);
    disk.changes.push({ kind: "write", range: { start: offset, end: offset + bytes.length - 1 } });
  }

  /** Clears `length` bytes (whole pages) of a disk at `offset`, as a VM's TRIM does. */
  async trimDisk(name: string, offset: number, length: number): Promise<void> {
    const disk = this.disks.get(key("disks", name))!;
    await this.storage.clearPages({ container: disk.container, blob: "abcd" }, offset, length);
    disk.changes.push({ kind: "clear", range: { start: offset, end: offset + length - 1 } });
  }

  /**
   * Takes a snapshot of a disk, as a PUT of a snapshot with `createOption: Copy` does: it holds the
   * disk's bytes of now; an incremental one also knows which of the disk's changes it holds, for
   * Get Page Ranges between two of them. A snapshot of that name that exists already is kept, as a
   * PUT with no change keeps it.
   */
  async takeSnapshot(name: string, diskName: string, incremental = true): Promise<void> {
    if (this.disks.has(key("snapshots", name))) {
      return;
    }
    const disk = this.disks.get(key("disks", diskName))!;
    const snapshot: StoredDisk = {
      type: "snapshots",
      name,
      state: "Unattached",
      logicalSectorSize: disk.logicalSectorSize,
      createOption: "Copy",
      networkAccessPolicy: "AllowAll",
      incremental,
      sourceDiskName: disk.name,
      sourceUniqueId: disk.uniqueId,
      container: container(),
      ...identity(),
      ...(incremental ? { changesHeld: disk.changes.length } : {}),
    };
    const blob = { container: snapshot.container, blob: "abcd" };
    await this.storage.cloneBlob({ container: disk.container, blob: "abcd" }, blob);
    snapshot.snapshotTime = await this.storage.snapshot(blob);
    snapshot.sizeBytes = (await this.storage.blobProperties(
      snapshot.container,
      "abcd",
    ))!.contentLength!;
    this.add(snapshot);
  }

  /**
   * What changed between two incremental snapshots of one disk, by the containers their SAS URLs
   * open, or the Blob service's refusal: snapshots of two disks, a full snapshot, or an older
   * snapshot asked for as the newer one.
   */
  snapshotDifference(
    target: string,
    previous: string,
  ): Promise<SnapshotDifference | StorageAnswer> | StorageAnswer {
    const [newer, older] = [target, previous].map((name) =>
      [...this.disks.values()].find((d) => d.container === name && d.type === "snapshots"),
    );
    if (
      !newer ||
      !older ||
      newer.changesHeld === undefined ||
      older.changesHeld === undefined ||
      newer.sourceUniqueId !== older.sourceUniqueId
    ) {
      return storageError(
        409,
        "PreviousSnapshotOperationNotSupported",
        "Differential Get Page Ranges is not supported on the previous snapshot.",
      );
    }
    if (older.changesHeld > newer.changesHeld) {
      return storageError(
        400,
        "PreviousSnapshotCannotBeNewer",
        "The prevsnapshot query parameter value cannot be newer than snapshot query parameter value.",
      );
    }
    const source = [...this.disks.values()].find((d) => d.uniqueId === newer.sourceUniqueId);
    const changes = source?.changes.slice(older.changesHeld, newer.changesHeld) ?? [];
    return this.storage
      .pageRanges(newer.container, "abcd")
      .then((written) => differenceOf(changes, written));
  }

  /** Deletes a disk or snapshot, as a DELETE would; returns what brings it back, for tests. */
  remove(type: DiskType, name: string): () => void {
    const disk = this.disks.get(key(type, name))!;
    this.disks.delete(key(type, name));
    return () => this.add(disk);
  }

  /** The `diskState` Azure reports now: a grant that ran out is over. */
  diskState(type: DiskType, name: string): string | undefined {
    const disk = this.disks.get(key(type, name));
    return disk && stateOf(disk);
  }

  /** How many grants are in force on a disk or snapshot (by name): the stored access policies. */
  activeGrants(name: string): number {
    const disk = [...this.disks.values()].find((d) => same(d.name, name));
    return disk ? this.storage.grantsOn(disk.container) : 0;
  }

  /** Revokes a grant as another client would: the SAS stops working and `diskState` goes back. */
  async revokeElsewhere(type: DiskType, name: string): Promise<void> {
    const disk = this.disks.get(key(type, name))!;
    await this.storage.revoke(disk.container);
    delete disk.grant;
  }

  /** `count` bytes a disk holds from `offset`, as a VM would read them. */
  async readRange(type: DiskType, name: string, offset: number, count: number): Promise<Buffer> {
    const disk = this.disks.get(key(type, name))!;
    return this.storage.readBlobRange(disk.container, "abcd", offset, count);
  }

  /** The pages a disk holds data in, first and last byte. */
  async pageRanges(type: DiskType, name: string): Promise<{ start: number; end: number }[]> {
    const disk = this.disks.get(key(type, name))!;
    return this.storage.pageRanges(disk.container, "abcd");
  }

  /** The first `count` bytes a disk holds, as a VM would read them. */
  async read(type: DiskType, name: string, count: number): Promise<Buffer> {
    const disk = this.disks.get(key(type, name))!;
    return this.storage.readBlob(disk.container, "abcd", count);
  }

  /** Answers a request on `/disks/{name}` or `/snapshots/{name}`, with an action or none. */
  async handle(
    type: DiskType,
    name: string,
    action: string | undefined,
    request: EmulatorRequest,
    apiVersion: string,
    baseUrl: string,
  ): Promise<EmulatorResponse> {
    const disk = this.disks.get(key(type, name));
    if (!disk) {
      return cloudError(
        404,
        "ResourceNotFound",
        `The Resource 'Microsoft.Compute/${type}/${name}' under resource group '${this.fixture.resourceGroupName}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    }
    if (action === undefined) {
      return request.method === "GET"
        ? { status: 200, body: this.resource(disk) }
        : cloudError(
            405,
            "MethodNotAllowed",
            "The requested method is not allowed for this resource.",
          );
    }
    return action.toLowerCase() === "begingetaccess"
      ? this.beginGetAccess(disk, request, apiVersion, baseUrl)
      : this.endGetAccess(disk, apiVersion, baseUrl);
  }

  private beginGetAccess(
    disk: StoredDisk,
    request: EmulatorRequest,
    apiVersion: string,
    baseUrl: string,
  ): EmulatorResponse {
    const grant = readGrantRequest(request, disk);
    if (isRefusal(grant)) {
      return grant;
    }
    const state = stateOf(disk);
    if (state === "Attached") {
      return cloudError(
        409,
        "Conflict",
        `Access not permitted because disk ${disk.name} is currently attached to running VM ${this.vmId(disk.vmName!)}.`,
      );
    }
    if (disk.networkAccessPolicy === "DenyAll") {
      return cloudError(
        409,
        "OperationNotAllowed",
        `Access is not allowed for ${noun(disk)} '${disk.name}' because its network access policy is 'DenyAll'.`,
      );
    }
    const family = this.snapshotsWithSas(disk);
    if (family.length >= maxSnapshotsWithSas) {
      return cloudError(
        409,
        "OperationNotAllowed",
        `A SAS can be generated for at most ${maxSnapshotsWithSas} snapshots of disk '${disk.sourceDiskName}' at a time; these have one: ${family.map((d) => d.name).join(", ")}.`,
      );
    }
    const waitsForUpload =
      disk.createOption === "Upload" && (state === "ReadyToUpload" || state === "ActiveUpload");
    if (waitsForUpload && !grant.write) {
      return cloudError(
        409,
        "OperationNotAllowed",
        `Read access cannot be granted to disk '${disk.name}' in state '${state}': it is waiting for an upload.`,
      );
    }
    if (grant.write && !waitsForUpload) {
      return cloudError(
        409,
        "OperationNotAllowed",
        `Write access can only be granted to a disk created for upload and waiting for it; ${noun(disk)} '${disk.name}' is in state '${state}'.`,
      );
    }
    const operation = this.host.startOperation(apiVersion, async () => {
      const [accessSAS] = await this.storage.grant(
        disk.container,
        ["abcd"],
        grant.write,
        grant.durationInSeconds,
        disk.snapshotTime,
      );
      disk.grant = { until: Date.now() + grant.durationInSeconds * 1000, write: grant.write };
      return { status: "Succeeded", output: { accessSAS: accessSAS! } };
    });
    return this.host.accepted(operation, baseUrl);
  }

  private endGetAccess(
    disk: StoredDisk,
    apiVersion: string,
    baseUrl: string,
  ): Promise<EmulatorResponse> | EmulatorResponse {
    if (disk.grant?.write && stateOf(disk) === "ActiveUpload") {
      return this.finishUpload(disk, apiVersion, baseUrl);
    }
    return this.host.accepted(
      this.host.startOperation(apiVersion, async () => {
        await this.storage.revoke(disk.container);
        delete disk.grant;
        return { status: "Succeeded" };
      }),
      baseUrl,
    );
  }

  /** The revoke that ends an upload: the bytes must be a VHD (its footer's cookie `conectix`). */
  private async finishUpload(
    disk: StoredDisk,
    apiVersion: string,
    baseUrl: string,
  ): Promise<EmulatorResponse> {
    const footer = await this.storage.readTail({ container: disk.container, blob: "abcd" }, 512);
    if (footer.subarray(0, 8).toString("ascii") !== "conectix") {
      return cloudError(
        400,
        "InvalidVhd",
        `The specified cookie value in VHD footer indicates that disk '${disk.name}' with blob ${this.storage.blobEndpoint}/${disk.container}/abcd is not a supported VHD. Disk is expected to have cookie value 'conectix'.`,
      );
    }
    return this.host.accepted(
      this.host.startOperation(apiVersion, async () => {
        await this.storage.revoke(disk.container);
        delete disk.grant;
        disk.state = "Unattached";
        return { status: "Succeeded" };
      }),
      baseUrl,
    );
  }

  /** The other incremental snapshots of a snapshot's disk with a SAS in force. */
  private snapshotsWithSas(snapshot: StoredDisk): StoredDisk[] {
    if (snapshot.type !== "snapshots" || !snapshot.incremental) {
      return [];
    }
    return [...this.disks.values()].filter(
      (d) =>
        d !== snapshot &&
        d.type === "snapshots" &&
        d.incremental &&
        d.sourceDiskName !== undefined &&
        same(d.sourceDiskName, snapshot.sourceDiskName ?? "") &&
        d.grant !== undefined &&
        Date.now() < d.grant.until,
    );
  }

  private add(disk: StoredDisk): void {
    this.disks.set(key(disk.type, disk.name), disk);
  }

  private async store(disk: StoredDisk): Promise<void> {
    const blob = { container: disk.container, blob: "abcd" };
    if (disk.bytes || disk.image) {
      await this.storage.putDisk(blob, disk);
      if (disk.type === "snapshots") {
        disk.snapshotTime = await this.storage.snapshot(blob);
      }
    } else {
      await this.storage.createPageBlob(blob, disk.uploadSizeBytes ?? 512);
    }
  }

  private resource(disk: StoredDisk) {
    const f = this.fixture;
    const size = disk.sizeBytes ?? (imageSize(disk) || (disk.uploadSizeBytes ?? 0));
    return {
      id: `/subscriptions/${f.subscriptionId}/resourceGroups/${f.resourceGroupName}/providers/Microsoft.Compute/${disk.type}/${disk.name}`,
      name: disk.name,
      type: `Microsoft.Compute/${disk.type}`,
      location: f.location,
      ...(disk.vmName && disk.type === "disks" ? { managedBy: this.vmId(disk.vmName) } : {}),
      sku: { name: disk.logicalSectorSize === 4096 ? "PremiumV2_LRS" : "Premium_LRS" },
      properties: {
        creationData: {
          createOption: disk.createOption,
          ...(disk.uploadSizeBytes ? { uploadSizeBytes: disk.uploadSizeBytes } : {}),
          ...(disk.sourceDiskName
            ? {
                sourceResourceId: `/subscriptions/${f.subscriptionId}/resourceGroups/${f.resourceGroupName}/providers/Microsoft.Compute/disks/${disk.sourceDiskName}`,
              }
            : {}),
          ...(disk.sourceUniqueId ? { sourceUniqueId: disk.sourceUniqueId } : {}),
          ...(disk.logicalSectorSize === 4096 ? { logicalSectorSize: 4096 } : {}),
        },
        diskSizeGB: Math.max(1, Math.ceil(size / 2 ** 30)),
        diskSizeBytes: size,
        diskState: stateOf(disk),
        networkAccessPolicy: disk.networkAccessPolicy,
        publicNetworkAccess: "Enabled",
        ...(disk.dataAccessAuthMode ? { dataAccessAuthMode: disk.dataAccessAuthMode } : {}),
        ...(disk.incremental !== undefined ? { incremental: disk.incremental } : {}),
        provisioningState: "Succeeded",
        timeCreated: disk.timeCreated,
        uniqueId: disk.uniqueId,
      },
    };
  }

  private vmId(vmName: string): string {
    const f = this.fixture;
    return `/subscriptions/${f.subscriptionId}/resourceGroups/${f.resourceGroupName}/providers/Microsoft.Compute/virtualMachines/${vmName}`;
  }
}

/** The state Azure reports: a grant in force shows, one that ran out no longer does. */
function stateOf(disk: StoredDisk): string {
  if (!disk.grant || Date.now() >= disk.grant.until) {
    return disk.state;
  }
  if (disk.grant.write) {
    return "ActiveUpload";
  }
  return disk.state === "Frozen" ? "ActiveSASFrozen" : "ActiveSAS";
}

function snapshotOf(snapshot: SnapshotFixture): StoredDisk {
  return {
    type: "snapshots",
    name: snapshot.name,
    state: "Unattached",
    logicalSectorSize: snapshot.logicalSectorSize,
    createOption: "Copy",
    networkAccessPolicy: snapshot.networkAccessPolicy ?? "AllowAll",
    incremental: snapshot.incremental,
    sourceDiskName: snapshot.sourceDiskName,
    ...(snapshot.bytes ? { bytes: snapshot.bytes } : {}),
    ...(snapshot.image ? { image: snapshot.image } : {}),
    container: container(),
    ...identity(),
  };
}

/** A new disk's or snapshot's id and time of creation, and its empty change tracking. */
function identity(): Pick<StoredDisk, "uniqueId" | "timeCreated" | "changes"> {
  return { uniqueId: randomUUID(), timeCreated: new Date().toISOString(), changes: [] };
}

function noun(disk: StoredDisk): string {
  return disk.type === "disks" ? "disk" : "snapshot";
}

function container(): string {
  return `md-${randomBytes(6).toString("hex")}`;
}

function key(type: DiskType, name: string): string {
  return `${type}/${name.toLowerCase()}`;
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
