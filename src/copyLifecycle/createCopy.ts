import type * as pulumi from "@pulumi/pulumi";
import { DiskCopyError, storageFailure } from "../azure/copyError";
import {
  isCovered,
  normalizeRanges,
  rangeLength,
  subtractRanges,
  totalLength,
  type ByteRange,
} from "../copy/byteRange";
import { planCopy } from "../copy/copyPlan";
import { runCopy } from "../copy/copyJob";
import { Pacer } from "../copy/pacer";
import { maxPageBlobBytes } from "../copy/pageBlobTargets";
import type { PageBlob } from "../azure/pageBlob";
import type { AzureSettings } from "../azure/settings";
import { currentAzureSettings } from "../lifecycle/configuration";
import { loadPageBlob } from "../lifecycle/loadAzure";
import { withoutUndefined } from "../withoutUndefined";
import { DiskAccessError, isDiskAccessError } from "../azure/accessError";
import { copyBasis, snapshotCreatedAt, type CopyBasis } from "./copyBasis";
import { openDestination, type CopyDestination, type CopyOver } from "./copyDestination";
import { listBlobSnapshots } from "./blobSnapshots";
import { copyFailure } from "./copyFailure";
import {
  defaultGrantDurationInSeconds,
  pickCopyInputs,
  sourceOf,
  type DiskCopyInputs,
  type DiskCopyOutputs,
} from "./copyInputs";
import { CopyProgress, type CopyContext } from "./copyProgress";
import { openSource, type CopySource } from "./copySource";
import { currentBlob, readRenewing } from "./currentBlob";
import { imageSha256, integrityProblem } from "./verifyCopy";

/**
 * Copies the source into the destination, server-side: grants read access to a source given by
 * id, opens the destination (resuming what an earlier try of the same copy wrote), lists the
 * source's written ranges, plans them into pieces and copies the pieces still missing with Put
 * Page From URL, paced per blob, the last page last; checks that the destination holds what was
 * written (and with `verify`, that both ends hash alike); marks the copy complete (a blob's
 * metadata, a disk's upload finished); revokes the source. A copy that fails or is cancelled
 * revokes the source too, and says how far it got and what it left for the next `pulumi up`.
 *
 * With `previous` (an update's earlier source), the copy goes over the blob's earlier copy: the
 * blob keeps it as a snapshot, then only what changed since `previous` is copied (and what was
 * cleared, cleared) when both are incremental snapshots of one disk, else all of it; the update's
 * output says which.
 */
export async function createCopy(
  properties: object,
  context: CopyContext = {},
  previous?: string,
): Promise<pulumi.dynamic.CreateResult<DiskCopyOutputs>> {
  const inputs = pickCopyInputs(properties);
  const settings = currentAzureSettings();
  const durationInSeconds = inputs.grantDurationInSeconds ?? defaultGrantDurationInSeconds;
  const basis =
    previous === undefined ? undefined : await copyBasis(previous, sourceOf(inputs), settings);
  const source = await openSource(inputs, settings, durationInSeconds).catch((error: unknown) => {
    throw basis?.incremental ? withSasLimitNote(error) : error;
  });
  const run: CopyRun = { inputs, settings, durationInSeconds, source, context };
  if (inputs.destinationBlobUrl !== undefined) {
    run.sourceCreatedAt =
      basis?.sourceCreatedAt ?? (await snapshotCreatedAt(sourceOf(inputs), settings));
  }
  if (previous !== undefined && basis) {
    run.over = await openEarlier(run, previous, basis);
  }
  try {
    const outs = await copy(run);
    return { id: outs.destinationUrl, outs };
  } catch (error) {
    // Cancelled: the copy's own failure if it had one first, else the cancellation.
    const cancelled =
      context.signal?.aborted === true && error instanceof Error && error.name === "AbortError";
    const got = run.progress && `Copied ${run.progress.summary} before the copy stopped.`;
    const ends = {
      source: source.description,
      destination: run.destination?.description ?? destinationOf(inputs),
      handedSas: inputs.sourceSasUrl !== undefined,
      blobDestination: inputs.destinationBlobUrl !== undefined,
      renewalFailure: source.renewalFailure(),
    };
    const note = [
      got,
      run.destination?.leave(),
      await revokeAfterFailure(source),
      run.earlier && (await revokeAfterFailure(run.earlier)),
    ];
    throw copyFailure(
      cancelled
        ? new DiskCopyError({
            code: "CopyCancelled",
            source: ends.source,
            destination: ends.destination,
            reason: "the copy was cancelled",
          })
        : error,
      { ...ends, note: note.filter(Boolean).join(" ") },
    );
  }
}

/** One copy under way: what it was given, and what it has opened and counted so far. */
interface CopyRun {
  inputs: DiskCopyInputs;
  settings: AzureSettings;
  durationInSeconds: number;
  source: CopySource;
  context: CopyContext;
  destination?: CopyDestination;
  progress?: CopyProgress;
  /** A copy over the copy of an earlier source: how it goes. */
  over?: CopyOver;
  /** The earlier snapshot, granted to list what changed since it. */
  earlier?: CopySource;
  /** When the source snapshot was taken, for a blob's metadata. */
  sourceCreatedAt?: string;
}

/**
 * Opens the earlier snapshot of a copy that may write only what changed since it. An earlier
 * snapshot that is gone by now makes the copy full, and says so; one that Azure refuses to grant
 * fails the copy.
 */
async function openEarlier(run: CopyRun, previous: string, basis: CopyBasis): Promise<CopyOver> {
  const full = (reason: string): CopyOver => {
    run.context.note?.(`Copying ${run.source.description} in full: ${reason}.`);
    return { previous, incremental: false };
  };
  if (!basis.incremental) {
    return full(basis.reason);
  }
  try {
    run.earlier = await openSource(
      { sourceId: previous, fileFormat: run.inputs.fileFormat },
      run.settings,
      run.durationInSeconds,
    );
  } catch (error) {
    if (isDiskAccessError(error) && error.details.armCode === "ResourceNotFound") {
      return full(
        `the snapshot of the earlier copy, ${previous}, no longer exists, so what changed since it cannot be known`,
      );
    }
    await revokeAfterFailure(run.source);
    throw withSasLimitNote(error);
  }
  return { previous, incremental: true };
}

/**
 * A refused grant of a snapshot in a copy of only what changed, with what Azure's limit on
 * snapshots of one disk with a SAS means for it, should that be what Azure refused.
 */
function withSasLimitNote(error: unknown): unknown {
  if (!isDiskAccessError(error) || error.details.statusCode !== 409) {
    return error;
  }
  const note =
    "Azure lets at most five snapshots of one disk have a SAS at a time, and a copy of only what changed holds two (the new snapshot and the earlier one): if that is what Azure refused, let other copies or access resources of this disk's snapshots end (or revoke them), then run pulumi up again.";
  return new DiskAccessError({
    ...error.details,
    note: [error.details.note, note].filter(Boolean).join(" "),
  });
}

async function copy(run: CopyRun): Promise<DiskCopyOutputs> {
  const { inputs, source, context } = run;
  const { classifyBlobFailure } = loadPageBlob();
  const sourceBlob = currentBlob(() => source.url());
  const sourceState = await sourceBlob().state();
  if (!sourceState) {
    throw new DiskCopyError({
      code: "CopyRefused",
      source: source.description,
      destination: destinationOf(inputs),
      statusCode: 404,
      reason: "the source's SAS opens no blob",
    });
  }
  const size = sourceState.size;
  if (inputs.destinationBlobUrl !== undefined && size > maxPageBlobBytes) {
    throw new DiskCopyError({
      code: "CopyRefused",
      source: source.description,
      destination: destinationOf(inputs),
      reason: `the source is ${size} bytes; a page blob holds at most ${maxPageBlobBytes} bytes (8 TiB)`,
      hint: "Copy it into a managed disk (destinationDiskId), which takes up to 32 TiB.",
    });
  }
  const destination = await openDestination(
    inputs,
    run.settings,
    size,
    sourceOf(inputs),
    source.description,
    run.durationInSeconds,
    {
      ...(run.over ? { over: run.over } : {}),
      ...(run.sourceCreatedAt ? { sourceCreatedAt: run.sourceCreatedAt } : {}),
    },
  );
  run.destination = destination;
  const work = await workOf(run, sourceBlob, size);
  const { plan, pending, cleared } = work;
  const lastPage = pending.find((piece) => piece.end === size);
  const progress = new CopyProgress(
    `${source.description} to ${destination.description}`,
    totalLength(plan),
    totalLength(plan) - totalLength(pending),
    context.progress,
    context.progressIntervalMs,
  );
  run.progress = progress;
  await runCopy({
    pieces: pending.filter((piece) => piece !== lastPage),
    ...(lastPage ? { last: lastPage } : {}),
    copyPiece: (piece, signal) => destination.blob().copyFrom(source.url(), piece, signal),
    classify: classifyBlobFailure,
    renew: (side, sentAt) => (side === "source" ? source.renew(sentAt) : destination.renew(sentAt)),
    pacer: new Pacer(),
    onPiece: (piece: ByteRange) => progress.piece(rangeLength(piece)),
    ...(context.signal ? { signal: context.signal } : {}),
  });
  await clearAll(destination.blob(), cleared, context.signal);
  progress.finished();
  const problem = await integrityProblem(destination.blob(), size, work.expected);
  if (problem) {
    throw new DiskCopyError({
      code: "CopyMismatch",
      source: source.description,
      destination: destination.description,
      reason: `after the copy the destination does not hold what was copied: ${problem}`,
      hint: "Something else wrote to it while the copy ran: delete it (or replace the disk) and copy again.",
    });
  }
  const sha256 = inputs.verify
    ? await verifiedSha256(
        run,
        sourceBlob,
        size,
        work.written ?? (await sourceBlob().writtenRanges(context.signal)),
        work.expected,
      )
    : undefined;
  const blobSnapshots =
    inputs.destinationBlobUrl !== undefined
      ? await listBlobSnapshots(destination.blob(), destination.url)
      : undefined;
  // The source first: once a disk's upload is finished, the disk takes no copy again.
  await source.close();
  await destination.finish();
  return withoutUndefined({
    ...inputs,
    sourceSasUrl: undefined,
    source: sourceOf(inputs),
    sizeBytes: size,
    copiedBytes: totalLength(plan),
    destinationUrl: destination.url,
    completedAt: new Date().toISOString(),
    sha256,
    incrementalFrom: work.incrementalFrom,
    blobSnapshots,
  });
}

/** What a copy writes, and what the destination holds once it is done. */
interface CopyWork {
  /** The pieces the copy writes in all (those an earlier try wrote included). */
  plan: ByteRange[];
  /** The pieces still to write. */
  pending: ByteRange[];
  /** The pages to clear: those cleared in the source since the earlier copy. */
  cleared: ByteRange[];
  /** The destination's written pages once the copy is done. */
  expected: ByteRange[];
  /** The source's written ranges, where the copy listed them. */
  written?: ByteRange[];
  /** The earlier source since which only what changed is written. */
  incrementalFrom?: string;
}

/**
 * Plans a copy: in full, the source's written ranges less what an earlier try wrote; over the copy
 * of an earlier snapshot, what changed since it (written and cleared pages). Azure refusing to
 * tell what changed makes the copy full, and says why.
 */
async function workOf(run: CopyRun, sourceBlob: () => PageBlob, size: number): Promise<CopyWork> {
  const destination = run.destination!;
  const signal = run.context.signal;
  const earlier = run.earlier;
  if (destination.held === "complete") {
    // Done already, its outputs not recorded: nothing moves, and the blob is whole as it is.
    await earlier?.close();
    return {
      plan: [],
      pending: [],
      cleared: [],
      expected: await destination.blob().writtenRanges(signal),
      ...(destination.incrementalFrom !== undefined
        ? { incrementalFrom: destination.incrementalFrom }
        : {}),
    };
  }
  if (destination.incrementalFrom !== undefined && earlier) {
    try {
      const changes = await sourceBlob().changesSince(earlier.url(), size, signal);
      await earlier.close();
      run.context.note?.(
        `Copying only what changed in ${run.source.description} since ${earlier.description}.`,
      );
      const plan = planCopy(changes.changed);
      const cleared = normalizeRanges(changes.cleared);
      const before = await destination.blob().writtenRanges(signal);
      return {
        plan,
        pending: plan,
        cleared,
        expected: subtractRanges(normalizeRanges([...before, ...plan]), cleared),
        incrementalFrom: destination.incrementalFrom,
      };
    } catch (error) {
      const code = storageFailure(error).storageCode ?? "";
      if (!code.startsWith("PreviousSnapshot")) {
        throw error;
      }
      await earlier.close();
      run.context.note?.(
        `Copying ${run.source.description} in full: Azure does not tell what changed since ${earlier.description} (${code}).`,
      );
      await destination.startOver();
      return workOf({ ...run, earlier: undefined }, sourceBlob, size);
    }
  }
  if (earlier) {
    // The blob no longer holds the earlier copy as it was: nothing to copy the changes onto.
    await earlier.close();
    run.context.note?.(
      `Copying ${run.source.description} in full: the blob does not hold the copy of ${earlier.description} any more.`,
    );
  }
  const written = await sourceBlob().writtenRanges(signal);
  const plan = planCopy(written);
  const held = normalizeRanges(destination.held);
  return {
    plan,
    pending: plan.filter((piece) => !isCovered(piece, held)),
    cleared: [],
    expected: plan,
    written,
  };
}

/** How many Clear Pages run at once: each a change of the blob's page list, moving no data. */
const clearsInFlight = 8;

/** Clears `ranges` of a blob, a few at a time, each with the SDK's retries. */
async function clearAll(
  blob: PageBlob,
  ranges: readonly ByteRange[],
  signal?: AbortSignal,
): Promise<void> {
  const queue = [...ranges];
  const worker = async () => {
    for (let range = queue.shift(); range; range = queue.shift()) {
      await blob.clear(range, signal).catch((error: unknown) => {
        queue.length = 0; // The first failure ends the clearing; the update fails with it.
        throw error;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(clearsInFlight, queue.length) }, worker));
}

/**
 * Reads and hashes both ends: the source's `written` ranges, the destination's `copied` ones (which
 * the integrity check found it holds). Returns the destination's SHA-256 when both agree, else
 * fails the copy with both hashes.
 */
async function verifiedSha256(
  run: CopyRun,
  sourceBlob: () => PageBlob,
  size: number,
  written: ByteRange[],
  copied: ByteRange[],
): Promise<string> {
  const { source, context } = run;
  const destination = run.destination!;
  const [fromSource, fromDestination] = await Promise.all([
    imageSha256(
      (range) => readRenewing(sourceBlob, (sentAt) => source.renew(sentAt), range, context.signal),
      size,
      written,
    ),
    imageSha256(
      (range) =>
        readRenewing(
          () => destination.blob(),
          (sentAt) => destination.renew(sentAt),
          range,
          context.signal,
        ),
      size,
      copied,
    ),
  ]);
  if (fromSource !== fromDestination) {
    throw new DiskCopyError({
      code: "CopyMismatch",
      source: source.description,
      destination: destination.description,
      reason: `the destination's bytes hash to SHA-256 ${fromDestination}, the source's to ${fromSource}`,
      hint: "Delete the destination (or replace the disk) and copy again.",
    });
  }
  return fromDestination;
}

/** Revokes the source after a failed copy, and says what became of its access. */
async function revokeAfterFailure(source: CopySource): Promise<string | undefined> {
  const expiresAt = source.expiresAt();
  if (!expiresAt) {
    return undefined;
  }
  try {
    await source.close();
    return `Access to ${source.description} was revoked.`;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return `Revoking access to ${source.description} failed too (${why}): its SAS stays valid until ${expiresAt.toISOString()}.`;
  }
}

function destinationOf(inputs: DiskCopyInputs): string {
  return String(inputs.destinationBlobUrl ?? inputs.destinationDiskId);
}
