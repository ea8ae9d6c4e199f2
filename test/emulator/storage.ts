import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  BlobServiceClient,
  ContainerSASPermissions,
  StorageSharedKeyCredential,
  generateAccountSASQueryParameters,
  generateBlobSASQueryParameters,
  type SignedIdentifier,
} from "@azure/storage-blob";
// Azurite's package entry wants VS Code; its blob server classes load on their own.
import BlobConfiguration from "azurite/dist/src/blob/BlobConfiguration";
import BlobServer from "azurite/dist/src/blob/BlobServer";
import type { RoleAssignments } from "./authorization";
import { BlobFront } from "./blobFront";
import { mergeTouching } from "./pageList";
import type { SparseImage } from "./fixture";
import type { TokenIssuer } from "./identity";

/** Azurite's well-known development account. */
const account = "devstoreaccount1";
const accountKey =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/** One blob the emulator serves: a disk image or a VM guest state. */
export interface StoredBlob {
  container: string;
  blob: string;
}

/** Bytes written at an offset of a page blob: one extent of a sparse disk. */
export interface Extent {
  offset: number;
  bytes: Buffer;
}

/**
 * Disk bytes in Azurite, Microsoft's storage emulator, run in this process with in-memory storage,
 * served to clients through the Blob endpoint in front of it ({@link BlobFront}, over HTTPS). A
 * grant adds a stored access policy to the disk's container and returns a SAS bound to it (`si=`),
 * as real disk SAS URLs are; a revoke removes every policy, so each SAS it issued answers 403.
 */
export class DiskStorage {
  /** Every SAS URL minted so far: the secrets a sweep looks for. */
  readonly minted: string[] = [];
  private readonly policies = new Map<string, SignedIdentifier[]>();
  private sequence = 0;

  private constructor(
    private readonly server: BlobServer,
    /** The Blob endpoint of the account, `https://127.0.0.1:{port}/devstoreaccount1`. */
    readonly blobEndpoint: string,
    /** The endpoint in front of Azurite: its requests, faults and per-blob limits. */
    readonly front: BlobFront,
    private readonly service: BlobServiceClient,
    private readonly credential: StorageSharedKeyCredential,
  ) {}

  /** Starts Azurite's blob service and the endpoint in front of it on free loopback ports. */
  static async start(options: {
    tls: { cert: Buffer; key: Buffer };
    identity: TokenIssuer;
    roles: RoleAssignments;
  }): Promise<DiskStorage> {
    const config = new BlobConfiguration(
      "127.0.0.1",
      0,
      undefined,
      undefined,
      undefined,
      undefined,
      false,
      undefined,
      false,
      undefined,
      true,
      true,
      "",
      "",
      "",
      undefined,
      false,
      true,
    );
    const server = new BlobServer(config);
    await server.start();
    const azurite = server.getHttpServerAddress();
    const credential = new StorageSharedKeyCredential(account, accountKey);
    const accountSas = generateAccountSASQueryParameters(
      {
        permissions: AccountSASPermissions.parse("rwdlacup"),
        resourceTypes: AccountSASResourceTypes.parse("sco").toString(),
        services: AccountSASServices.parse("b").toString(),
        expiresOn: new Date(Date.now() + 7 * 24 * 3600_000),
      },
      credential,
    ).toString();
    const front = await BlobFront.start({ ...options, azurite, accountSas });
    return new DiskStorage(
      server,
      `${front.origin}/${account}`,
      front,
      new BlobServiceClient(`${azurite}/${account}`, credential),
      credential,
    );
  }

  /** Stores bytes as a page blob (their length is rounded up to whole 512-byte pages). */
  async putPageBlob(target: StoredBlob, bytes: Buffer): Promise<void> {
    const container = this.service.getContainerClient(target.container);
    await container.createIfNotExists();
    const pages = Buffer.alloc(Math.ceil(bytes.length / 512) * 512);
    bytes.copy(pages);
    const blob = container.getPageBlobClient(target.blob);
    await blob.create(pages.length);
    await blob.uploadPages(pages, 0, pages.length);
  }

  /** Stores a disk's content as a page blob: its bytes, or its sparse image. */
  async putDisk(target: StoredBlob, disk: { bytes?: Buffer; image?: SparseImage }): Promise<void> {
    if (disk.image) {
      await this.putSparsePageBlob(target, disk.image);
    } else {
      await this.putPageBlob(target, disk.bytes ?? Buffer.alloc(0));
    }
  }

  /**
   * Stores a sparse page blob: only the image's extents are written, the rest reads as zeros and
   * holds no pages.
   */
  async putSparsePageBlob(target: StoredBlob, { size, extents }: SparseImage): Promise<void> {
    const container = this.service.getContainerClient(target.container);
    await container.createIfNotExists();
    const blob = container.getPageBlobClient(target.blob);
    await blob.create(size);
    const maxWrite = 4 * 1024 * 1024;
    const writes = extents.flatMap(({ offset, bytes }) =>
      Array.from({ length: Math.ceil(bytes.length / maxWrite) }, (_, i) => ({
        offset: offset + i * maxWrite,
        chunk: bytes.subarray(i * maxWrite, (i + 1) * maxWrite),
      })),
    );
    // Eight at a time: a fragmented image has thousands of extents.
    const next = () => writes.shift();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let write = next(); write; write = next()) {
          await blob.uploadPages(write.chunk, write.offset, write.chunk.length);
        }
      }),
    );
  }

  /** Creates an empty page blob of `size` bytes, as a disk created for upload has. */
  async createPageBlob(target: StoredBlob, size: number): Promise<void> {
    const container = this.service.getContainerClient(target.container);
    await container.createIfNotExists();
    await container.getPageBlobClient(target.blob).create(size);
  }

  /** Writes `bytes` (whole pages, 4 MiB at a time) into a page blob at `offset`. */
  async writePages(target: StoredBlob, offset: number, bytes: Buffer): Promise<void> {
    const blob = this.service.getContainerClient(target.container).getPageBlobClient(target.blob);
    const maxWrite = 4 * 1024 * 1024;
    for (let at = 0; at < bytes.length; at += maxWrite) {
      const chunk = bytes.subarray(at, at + maxWrite);
      await blob.uploadPages(chunk, offset + at, chunk.length);
    }
  }

  /** Clears `length` bytes (whole pages) of a page blob at `offset`: they hold no data after. */
  async clearPages(target: StoredBlob, offset: number, length: number): Promise<void> {
    const blob = this.service.getContainerClient(target.container).getPageBlobClient(target.blob);
    await blob.clearPages(offset, length);
  }

  /** Copies a page blob's written pages into a new page blob of the same size. */
  async cloneBlob(from: StoredBlob, to: StoredBlob): Promise<void> {
    const source = this.service.getContainerClient(from.container).getBlobClient(from.blob);
    const { contentLength = 0 } = await source.getProperties();
    await this.createPageBlob(to, contentLength);
    for (const { start, end } of await this.pageRanges(from.container, from.blob)) {
      await this.writePages(to, start, await source.downloadToBuffer(start, end - start + 1));
    }
  }

  /** Takes a snapshot of a blob, as a disk snapshot keeps its bytes, and returns its time. */
  async snapshot(target: StoredBlob): Promise<string> {
    const blob = this.service.getContainerClient(target.container).getBlobClient(target.blob);
    return (await blob.createSnapshot()).snapshot!;
  }

  /** The last `count` bytes of a blob: a VHD's footer. */
  async readTail(target: StoredBlob, count: number): Promise<Buffer> {
    const blob = this.service.getContainerClient(target.container).getBlobClient(target.blob);
    const { contentLength = 0 } = await blob.getProperties();
    return blob.downloadToBuffer(Math.max(0, contentLength - count), count);
  }

  /**
   * Adds a stored access policy to a container and returns, for each named blob, a SAS URL bound to
   * that policy. With `snapshotTime`, the SAS opens that snapshot of the blob, and only with the
   * `snapshot=` parameter it carries.
   */
  async grant(
    container: string,
    blobs: string[],
    write: boolean,
    durationInSeconds: number,
    snapshotTime?: string,
  ): Promise<string[]> {
    const id = `grant-${++this.sequence}`;
    const now = Date.now();
    const policy: SignedIdentifier = {
      id,
      accessPolicy: {
        startsOn: new Date(now - 5 * 60_000),
        expiresOn: new Date(now + durationInSeconds * 1000),
        permissions: ContainerSASPermissions.parse(write ? "rw" : "r").toString(),
      },
    };
    // Azure keeps at most five stored access policies per container.
    await this.setPolicies(container, [...(this.policies.get(container) ?? []), policy].slice(-5));
    return blobs.map((blobName) => {
      const query = generateBlobSASQueryParameters(
        {
          containerName: container,
          blobName,
          identifier: id,
          ...(snapshotTime ? { snapshotTime } : {}),
        },
        this.credential,
      );
      const snapshot = snapshotTime ? `snapshot=${encodeURIComponent(snapshotTime)}&` : "";
      const sas = `${this.blobEndpoint}/${container}/${blobName}?${snapshot}${query.toString()}`;
      this.minted.push(sas);
      return sas;
    });
  }

  /** The storage account's name and key, as a storage account's key listing gives them. */
  get account(): { name: string; key: string } {
    return { name: this.credential.accountName, key: accountKey };
  }

  /** Creates a container, as a blob container resource does; an existing one is kept. */
  async createContainer(name: string): Promise<void> {
    await this.service.getContainerClient(name).createIfNotExists();
  }

  /** The properties of a blob, or `undefined` when there is none. */
  async blobProperties(container: string, blob: string) {
    const client = this.service.getContainerClient(container).getBlobClient(blob);
    return (await client.exists()) ? client.getProperties() : undefined;
  }

  /** The first `count` bytes of a blob. */
  async readBlob(container: string, blob: string, count: number): Promise<Buffer> {
    const client = this.service.getContainerClient(container).getBlobClient(blob);
    return client.downloadToBuffer(0, count);
  }

  /** `count` bytes of a blob from `offset`. */
  async readBlobRange(container: string, blob: string, offset: number, count: number) {
    const client = this.service.getContainerClient(container).getBlobClient(blob);
    return client.downloadToBuffer(offset, count);
  }

  /** Deletes one snapshot of a blob, as a person or a lifecycle policy might. */
  async deleteSnapshot(container: string, blob: string, snapshot: string): Promise<void> {
    const client = this.service.getContainerClient(container).getBlobClient(blob);
    await client.withSnapshot(snapshot).delete();
  }

  /** `count` bytes of a snapshot of a blob from `offset`. */
  async readSnapshotRange(
    container: string,
    blob: string,
    snapshot: string,
    offset: number,
    count: number,
  ): Promise<Buffer> {
    const client = this.service.getContainerClient(container).getBlobClient(blob);
    return client.withSnapshot(snapshot).downloadToBuffer(offset, count);
  }

  /**
   * A page blob's written ranges (or those of its snapshot), first and last byte, contiguous pages
   * in one range.
   */
  async pageRanges(
    container: string,
    blob: string,
    snapshot?: string,
  ): Promise<{ start: number; end: number }[]> {
    const base = this.service.getContainerClient(container).getPageBlobClient(blob);
    const client = snapshot === undefined ? base : base.withSnapshot(snapshot);
    const ranges = (await client.getPageRanges()).pageRange ?? [];
    return mergeTouching(
      ranges.map(({ offset, count }) => ({ start: offset, end: offset + (count ?? 0) })),
    );
  }

  /** How many stored access policies a container holds: the grants in force on its disk. */
  grantsOn(container: string): number {
    return this.policies.get(container)?.length ?? 0;
  }

  /** Removes every stored access policy of a container: every SAS bound to one is refused from now on. */
  async revoke(container: string): Promise<void> {
    await this.setPolicies(container, []);
  }

  async stop(): Promise<void> {
    await this.front.stop();
    await this.server.close();
    await this.server.clean();
  }

  private async setPolicies(container: string, policies: SignedIdentifier[]): Promise<void> {
    this.policies.set(container, policies);
    await this.service.getContainerClient(container).setAccessPolicy(undefined, policies);
  }
}
