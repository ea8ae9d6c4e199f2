import { maxPieceBytes, pageBlobTargets, type BlobRates } from "./pageBlobTargets";

/** How the pacer adapts to the blob's answers. */
export const pacing = {
  /** After a throttled answer, the share of what the blob admitted that the rate keeps. */
  underAdmitted: 0.95,
  /** The share of the rate kept after a throttled answer before the blob admitted a second's worth. */
  cut: 0.85,
  /** The time over which admitted requests are counted. */
  admittedWindowMs: 2000,
  /** Throttled answers within this many milliseconds of a cut cut no further: they were in flight. */
  cutSettleMs: 500,
  /** How fast the rate grows again while no answer is throttled: per second, compounded. */
  growthPerSecond: 0.02,
  /** The bounds of the share of the targets: from a trickle to sixteen times Azure's targets. */
  minShare: 1 / 256,
  maxShare: 16,
  /** How much sending may run ahead of the rate, in seconds of it. */
  burstSeconds: 0.05,
} as const;

/**
 * Paces the requests to one page blob, as a small state machine on a clock: it lets requests go at
 * a share of the blob's rates (bytes and requests per second, each a token bucket), starting at
 * Azure's targets. A throttled answer (`503 ServerBusy`, `500 OperationTimedOut`) cuts the share to
 * just under what the blob admitted in the last two seconds (once for the answers that were in
 * flight together) and, when it asks, pauses every request for its `Retry-After`; while no answer
 * is throttled, the share grows again, so the pacer settles just under what the blob takes, and
 * finds out a faster one (a premium blob, a managed disk).
 */
export class Pacer {
  private share: number;
  private requestTokens = 1;
  private byteTokens: number;
  private refilledAt: number;
  private pausedUntil = 0;
  private cutAt = -Infinity;
  /** Whether the rates held a request back since the last refill: only then may they grow. */
  private held = false;
  /** The requests the blob admitted lately: when, and how many bytes. */
  private readonly recent: { at: number; bytes: number }[] = [];

  constructor(
    private readonly targets: BlobRates = pageBlobTargets,
    private readonly now: () => number = Date.now,
    initialShare = 1,
  ) {
    this.share = initialShare;
    this.refilledAt = now();
    this.byteTokens = maxPieceBytes;
  }

  /** The rates the pacer lets requests go at now. */
  get rates(): BlobRates {
    return {
      bytesPerSecond: this.targets.bytesPerSecond * this.share,
      requestsPerSecond: this.targets.requestsPerSecond * this.share,
    };
  }

  /**
   * Asks to send a request that moves `bytes`. Returns 0 when it may go now (its share of the rates
   * is then spent), else how many milliseconds to wait before asking again.
   */
  reserve(bytes: number): number {
    const now = this.now();
    if (now < this.pausedUntil) {
      return this.pausedUntil - now;
    }
    this.refill(now);
    const { bytesPerSecond, requestsPerSecond } = this.rates;
    if (this.requestTokens >= 1 && this.byteTokens >= bytes) {
      this.requestTokens -= 1;
      this.byteTokens -= bytes;
      return 0;
    }
    const seconds = Math.max(
      (1 - this.requestTokens) / requestsPerSecond,
      (bytes - this.byteTokens) / bytesPerSecond,
    );
    this.held = true;
    return Math.max(1, Math.ceil(seconds * 1000));
  }

  /** Takes in an admitted request of `bytes`. */
  admitted(bytes: number): void {
    const now = this.now();
    this.recent.push({ at: now, bytes });
    this.forgetBefore(now - pacing.admittedWindowMs);
  }

  /**
   * Takes in a throttled answer: cuts the share unless it was just cut, and pauses every request
   * for `retryAfterMs` when the answer asked for a wait (a larger wait always wins).
   */
  throttled(retryAfterMs?: number): void {
    const now = this.now();
    this.refill(now);
    if (now - this.cutAt >= pacing.cutSettleMs) {
      const admitted = this.admittedShare(now);
      this.share = Math.max(
        pacing.minShare,
        this.share / 2,
        Math.min(this.share, admitted ?? Infinity) * (admitted ? pacing.underAdmitted : pacing.cut),
      );
      this.cutAt = now;
      this.requestTokens = Math.min(this.requestTokens, 0);
      this.byteTokens = Math.min(this.byteTokens, 0);
    }
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    }
  }

  /**
   * The share of the targets the blob admitted over the last two seconds (the busier of bytes and
   * requests), or `undefined` before a second of answers.
   */
  private admittedShare(now: number): number | undefined {
    this.forgetBefore(now - pacing.admittedWindowMs);
    const first = this.recent[0];
    if (!first || now - first.at < 1000) {
      return undefined;
    }
    const seconds = (now - first.at) / 1000;
    const bytes = this.recent.reduce((sum, r) => sum + r.bytes, 0);
    return Math.max(
      bytes / seconds / this.targets.bytesPerSecond,
      this.recent.length / seconds / this.targets.requestsPerSecond,
    );
  }

  private forgetBefore(time: number): void {
    const kept = this.recent.findIndex((r) => r.at >= time);
    this.recent.splice(0, kept === -1 ? this.recent.length : kept);
  }

  /**
   * Refills both buckets for the time since the last refill and, if the rates held requests back
   * in it without a throttled answer, grows the share: a blob that is not pressed teaches nothing.
   */
  private refill(now: number): void {
    const seconds = Math.max(0, (now - this.refilledAt) / 1000);
    this.refilledAt = now;
    const { bytesPerSecond, requestsPerSecond } = this.rates;
    this.requestTokens = Math.min(
      Math.max(1, requestsPerSecond * pacing.burstSeconds),
      this.requestTokens + seconds * requestsPerSecond,
    );
    this.byteTokens = Math.min(
      Math.max(maxPieceBytes, bytesPerSecond * pacing.burstSeconds),
      this.byteTokens + seconds * bytesPerSecond,
    );
    if (this.held && now - this.cutAt >= pacing.cutSettleMs) {
      this.share = Math.min(pacing.maxShare, this.share * (1 + pacing.growthPerSecond) ** seconds);
    }
    this.held = false;
  }
}
