import type { TokenCredential } from "@azure/identity";
import {
  AnonymousCredential,
  ContainerClient,
  PageBlobClient,
  type StoragePipelineOptions,
} from "@azure/storage-blob";
import { rangeLength, type ByteRange } from "../copy/byteRange";
import type { PieceFailure } from "../copy/copyJob";
import { isRestError } from "./accessError";
import { storageCode } from "./copyError";
import { userAgentPrefix } from "./userAgent";

/** What a page blob says of itself: its size and metadata. */
export interface BlobState {
  size: number;
  metadata: Record<string, string>;
}

/** What changed in an incremental snapshot since an older one of the same disk. */
export interface SnapshotChanges {
  /** Pages written since, holding data now. */
  changed: ByteRange[];
  /** Pages cleared since, holding none now. */
  cleared: ByteRange[];
}

/** A snapshot of a blob: its time (`?snapshot=`) and the metadata the blob had then. */
export interface BlobSnapshot {
  snapshot: string;
  metadata: Record<string, string>;
}

/**
 * The longest one request to a blob may take before it counts as lost (a half-open connection, a
 * proxy that never answers): the SDK's own timeout only asks the service to give up.
 */
const requestTimeoutMs = 120_000;

/** `signal`, and a timeout of {@link requestTimeoutMs}. */
function timed(signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(requestTimeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/**
 * A page blob the copy reads or writes, through a SAS URL or signed in with Entra ID: its state,
 * its written ranges, and Put Page From URL. Requests that copy data are tried once, for the copy
 * to pace and retry them itself; the others take the SDK's retries.
 */
export class PageBlob {
  private readonly client: PageBlobClient;
  private readonly writer: PageBlobClient;
  private readonly signIn: TokenCredential | AnonymousCredential;
  private readonly options: StoragePipelineOptions;

  /**
   * @param url the blob's URL: a SAS URL, or a plain one with `credential`.
   * @param credential a credential for Azure Storage (Entra ID), for a plain URL.
   */
  constructor(url: string, credential?: TokenCredential) {
    const options: StoragePipelineOptions = { userAgentOptions: { userAgentPrefix } };
    const signIn = credential ?? new AnonymousCredential();
    this.signIn = signIn;
    this.options = options;
    this.client = new PageBlobClient(url, signIn, options);
    this.writer = new PageBlobClient(url, signIn, {
      ...options,
      retryOptions: { maxTries: 1, tryTimeoutInMs: requestTimeoutMs },
    });
  }

  /** The blob's size and metadata, or `undefined` when there is no such blob. */
  async state(): Promise<BlobState | undefined> {
    try {
      const properties = await this.client.getProperties();
      return { size: properties.contentLength ?? 0, metadata: properties.metadata ?? {} };
    } catch (error) {
      if (isRestError(error) && error.statusCode === 404) {
        return undefined;
      }
      throw error;
    }
  }

  /** The blob's written ranges, in order, listed page by page with Get Page Ranges' marker. */
  async writtenRanges(signal?: AbortSignal): Promise<ByteRange[]> {
    const ranges: ByteRange[] = [];
    const pages = this.client.listPageRanges(0, undefined, { abortSignal: timed(signal) }).byPage();
    for await (const page of pages) {
      for (const { start, end } of page.pageRange ?? []) {
        ranges.push({ start, end: end + 1 });
      }
    }
    return ranges;
  }

  /**
   * What changed in this incremental snapshot since the older one of the same disk that
   * `previousSasUrl` opens (Get Page Ranges with `x-ms-previous-snapshot-url`). An answer that
   * stops short (`NextMarker`) is followed by a request from where it stopped, until the end.
   */
  async changesSince(
    previousSasUrl: string,
    size: number,
    signal?: AbortSignal,
  ): Promise<SnapshotChanges> {
    const changes: SnapshotChanges = { changed: [], cleared: [] };
    for (let offset = 0; offset < size;) {
      const answer = await this.client.getPageRangesDiffForManagedDisks(
        offset,
        size - offset,
        previousSasUrl,
        { abortSignal: timed(signal) },
      );
      const listed = (ranges: { offset: number; count?: number }[] | undefined) =>
        (ranges ?? []).map(({ offset: start, count = 0 }) => ({ start, end: start + count + 1 }));
      const changed = listed(answer.pageRange);
      const cleared = listed(answer.clearRange);
      changes.changed.push(...changed);
      changes.cleared.push(...cleared);
      const reached = Math.max(offset, ...[...changed, ...cleared].map((range) => range.end));
      // The SDK keeps the answer's NextMarker, though its type does not say so.
      const more = (answer as { continuationToken?: string }).continuationToken;
      if (more && reached <= offset) {
        throw new Error(
          `Get Page Ranges said more ranges follow byte ${offset} but listed none past it: what changed cannot be listed in full`,
        );
      }
      offset = more ? reached : size;
    }
    return changes;
  }

  /**
   * Creates the blob as an empty page blob of `size` bytes with `metadata`, replacing any blob of
   * that name only when `replace`.
   */
  async create(size: number, metadata: Record<string, string>, replace: boolean): Promise<void> {
    await this.client.create(size, {
      metadata,
      ...(replace ? {} : { conditions: { ifNoneMatch: "*" } }),
    });
  }

  async setMetadata(metadata: Record<string, string>): Promise<void> {
    await this.client.setMetadata(metadata);
  }

  /** Keeps the blob as it is now as a snapshot of it; returns the snapshot's time. */
  async snapshot(): Promise<string> {
    return (await this.client.createSnapshot()).snapshot!;
  }

  /** The blob's snapshots, oldest first, with the metadata each kept. */
  async snapshots(): Promise<BlobSnapshot[]> {
    const url = new URL(this.client.url);
    url.search = "";
    const depth = this.client.name.split("/").length;
    url.pathname = url.pathname.split("/").slice(0, -depth).join("/");
    const container = new ContainerClient(url.toString(), this.signIn, this.options);
    const found: BlobSnapshot[] = [];
    const listing = container.listBlobsFlat({
      prefix: this.client.name,
      includeSnapshots: true,
      includeMetadata: true,
    });
    for await (const item of listing) {
      if (item.name === this.client.name && item.snapshot) {
        found.push({ snapshot: item.snapshot, metadata: item.metadata ?? {} });
      }
    }
    return found.sort((a, b) => a.snapshot.localeCompare(b.snapshot));
  }

  /** Clears a range: its pages hold no data after (Put Page, `clear`). */
  async clear(range: ByteRange, signal?: AbortSignal): Promise<void> {
    await this.client.clearPages(range.start, rangeLength(range), { abortSignal: timed(signal) });
  }

  /** Deletes the blob; one that is gone already counts as deleted. */
  async delete(): Promise<void> {
    await this.client.deleteIfExists({ deleteSnapshots: "include" });
  }

  /** Copies `piece` of the source into the same range of this blob (Put Page From URL). */
  async copyFrom(sourceUrl: string, piece: ByteRange, signal: AbortSignal): Promise<void> {
    await this.writer.uploadPagesFromURL(sourceUrl, piece.start, piece.start, rangeLength(piece), {
      abortSignal: timed(signal),
    });
  }

  /** Reads a range of the blob. */
  async read(range: ByteRange, signal?: AbortSignal): Promise<Buffer> {
    return this.client.downloadToBuffer(range.start, rangeLength(range), {
      abortSignal: timed(signal),
      concurrency: 4,
    });
  }
}

/**
 * How the copy meets a failed request: a throttled one (`503 ServerBusy`, `500
 * OperationTimedOut`) waits and tries again; a transient one (a dropped connection, a 5xx, the
 * source's service busy) tries again a few times; a SAS refused by the source (it ran out or was
 * revoked) or by the destination needs a new one; anything else ends the copy, a missing role
 * (`AuthorizationPermissionMismatch`) among them.
 */
export function classifyBlobFailure(error: unknown): PieceFailure {
  if (!isRestError(error)) {
    // The copy checks its own cancellation first: an abort here is a request that timed out.
    const name = error instanceof Error ? error.name : "";
    return name === "AbortError" || name === "TimeoutError"
      ? { kind: "transient" }
      : { kind: "fatal" };
  }
  const status = error.statusCode;
  const code = storageCode(error);
  if (code === "CannotVerifyCopySource") {
    const sourceStatus = Number(
      error.response?.headers.get("x-ms-copy-source-status-code") ?? status,
    );
    if (sourceStatus === 401 || sourceStatus === 403) {
      return { kind: "refused", side: "source" };
    }
    if (sourceStatus === 503) {
      return { kind: "throttled" }; // The source blob is at its limits too: slow down.
    }
    return sourceStatus >= 500 ? { kind: "transient" } : { kind: "fatal" };
  }
  if (status === 503 || (status === 500 && code === "OperationTimedOut")) {
    const seconds = Number(error.response?.headers.get("retry-after"));
    return Number.isFinite(seconds) && seconds > 0
      ? { kind: "throttled", retryAfterMs: seconds * 1000 }
      : { kind: "throttled" };
  }
  if (status === undefined || status === 408 || status >= 500) {
    return { kind: "transient" };
  }
  if (status === 403 && code !== "AuthorizationPermissionMismatch") {
    return { kind: "refused", side: "destination" };
  }
  return { kind: "fatal" };
}
