import type * as pulumi from "@pulumi/pulumi";
import { DiskCopyError } from "../azure/copyError";
import {
  isCovered,
  normalizeRanges,
  rangeLength,
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
import { openDestination, type CopyDestination } from "./copyDestination";
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
 */
export async function createCopy(
  properties: object,
  context: CopyContext = {},
): Promise<pulumi.dynamic.CreateResult<DiskCopyOutputs>> {
  const inputs = pickCopyInputs(properties);
  const settings = currentAzureSettings();
  const durationInSeconds = inputs.grantDurationInSeconds ?? defaultGrantDurationInSeconds;
  const source = await openSource(inputs, settings, durationInSeconds);
  const run: CopyRun = { inputs, settings, durationInSeconds, source, context };
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
    const note = [got, run.destination?.leave(), await revokeAfterFailure(source)];
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
  );
  run.destination = destination;
  const written = await sourceBlob().writtenRanges(context.signal);
  const plan = planCopy(written);
  const held = destination.held === "complete" ? plan : normalizeRanges(destination.held);
  const pending = plan.filter((piece) => !isCovered(piece, held));
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
  progress.finished();
  const problem = await integrityProblem(destination.blob(), size, plan);
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
    ? await verifiedSha256(run, sourceBlob, size, written, plan)
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
  });
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
