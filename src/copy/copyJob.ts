import { setMaxListeners } from "node:events";
import { rangeLength, type ByteRange } from "./byteRange";
import type { Pacer } from "./pacer";

/**
 * How a piece's failure is met: `throttled` (503 ServerBusy, 500 OperationTimedOut) waits for the
 * pacer and tries again, whatever the number; `transient` (a dropped connection, another 5xx) tries
 * again a few times; `refused` (a SAS of the source or the destination ran out or was revoked)
 * gets a new SAS where the copy can grant one; `fatal` ends the copy.
 */
export type PieceFailure =
  | { kind: "throttled"; retryAfterMs?: number }
  | { kind: "refused"; side: "source" | "destination" }
  | { kind: "transient" | "fatal" };

/** What a copy job is given: its pieces, how to copy one, and how to judge a failure. */
export interface CopyJob {
  /** The pieces still to copy, in order. */
  pieces: readonly ByteRange[];
  /**
   * A piece copied only once every other is: the one holding the image's last page (a VHD's
   * footer), so that an unfinished copy into a disk never looks whole.
   */
  last?: ByteRange;
  /** Copies one piece: the source's bytes written to the destination at the same offset. */
  copyPiece(piece: ByteRange, signal: AbortSignal): Promise<void>;
  /** Judges what a failure of {@link CopyJob.copyPiece} calls for. */
  classify(error: unknown): PieceFailure;
  /**
   * Puts a new SAS in place after one side refused the SAS of a request sent at `sentAt` (none is
   * granted if one newer than that is in place already); resolves `false` where the copy cannot (a
   * SAS it was handed, a blob it signs in to). Concurrent calls share one renewal.
   */
  renew?(side: "source" | "destination", sentAt: number): Promise<boolean>;
  pacer: Pacer;
  /** Called once for each piece copied. */
  onPiece(piece: ByteRange): void;
  /** Stops the copy: no piece starts, those in flight are abandoned. */
  signal?: AbortSignal;
}

/** How hard a copy tries before it gives up. */
export const copyPersistence = {
  /** At most this many requests in flight at once. */
  maxInFlight: 32,
  /** Tries of one piece after transient failures. */
  transientTries: 6,
  /** The first wait after a transient failure, doubled at each try. */
  transientBackoffMs: 500,
  /** New SAS for one piece before its refusal is final. */
  renewals: 2,
  /** A copy of which no piece succeeded for this long, every one throttled, gives up. */
  throttledStallMs: 15 * 60_000,
} as const;

/**
 * Runs a copy: its pieces in order, up to {@link copyPersistence.maxInFlight} at once, each when
 * the pacer lets it go; the last one alone at the end. A throttled piece is tried again as long
 * as the blob admits any piece within a quarter of an hour; a transient failure a few times, a
 * refused SAS after a new one. The first lasting failure stops the copy: no
 * piece starts after it, those in flight finish (and count), then it is thrown.
 */
export async function runCopy(job: CopyJob): Promise<void> {
  const queue = [...job.pieces];
  let failure: { error: unknown } | undefined;
  let lastSuccessAt = Date.now();
  // Requests listen to `cancel` (the caller's signal); waits also to `stop`, which the first
  // lasting failure aborts too: no piece waits on after it, those in flight finish.
  const cancel = new AbortController();
  const stop = new AbortController();
  setMaxListeners(0, cancel.signal);
  setMaxListeners(0, stop.signal);
  const onCancel = () => {
    cancel.abort(job.signal?.reason);
    stop.abort();
  };
  job.signal?.addEventListener("abort", onCancel, { once: true });
  if (job.signal?.aborted) {
    onCancel();
  }
  const fail = (error: unknown) => {
    failure ??= { error };
    stop.abort();
  };
  const stopped = () => stop.signal.aborted;

  const copy = async (piece: ByteRange): Promise<void> => {
    let transientFailures = 0;
    let renewals = 0;
    while (!stopped()) {
      await paced(job.pacer, rangeLength(piece), stop.signal);
      if (stopped()) {
        return;
      }
      const sentAt = Date.now();
      try {
        await job.copyPiece(piece, cancel.signal);
      } catch (error) {
        if (cancel.signal.aborted) {
          return;
        }
        const judged = job.classify(error);
        if (judged.kind === "throttled") {
          job.pacer.throttled(judged.retryAfterMs);
          if (Date.now() - lastSuccessAt < copyPersistence.throttledStallMs) {
            continue;
          }
        } else if (
          judged.kind === "transient" &&
          ++transientFailures < copyPersistence.transientTries
        ) {
          await sleep(
            copyPersistence.transientBackoffMs * 2 ** (transientFailures - 1),
            stop.signal,
          );
          continue;
        } else if (
          judged.kind === "refused" &&
          renewals++ < copyPersistence.renewals &&
          (await job.renew?.(judged.side, sentAt))
        ) {
          continue;
        }
        fail(error);
        return;
      }
      lastSuccessAt = Date.now();
      job.pacer.admitted(rangeLength(piece));
      job.onPiece(piece);
      return;
    }
  };

  const worker = async () => {
    for (let piece = queue.shift(); piece && !stopped(); piece = queue.shift()) {
      await copy(piece).catch(fail);
    }
  };
  try {
    await Promise.all(
      Array.from({ length: Math.min(copyPersistence.maxInFlight, queue.length) }, worker),
    );
    if (job.last && !stopped()) {
      await copy(job.last).catch(fail);
    }
  } finally {
    job.signal?.removeEventListener("abort", onCancel);
  }
  if (failure) {
    throw failure.error;
  }
  cancel.signal.throwIfAborted();
}

/** Waits until the pacer lets a request of `bytes` go. */
async function paced(pacer: Pacer, bytes: number, signal: AbortSignal): Promise<void> {
  for (let wait = pacer.reserve(bytes); wait > 0 && !signal.aborted; wait = pacer.reserve(bytes)) {
    await sleep(wait, signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
