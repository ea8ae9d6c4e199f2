/** The targets of one page blob, as Azure states them: bytes and requests per second. */
export interface BlobLimits {
  bytesPerSecond: number;
  requestsPerSecond: number;
}

/** What one blob admitted and refused, to judge how close a copy came to its limits. */
export interface BlobUsage {
  admittedRequests: number;
  admittedBytes: number;
  refusedRequests: number;
  /** When the first and the last admitted request arrived (milliseconds since the epoch). */
  firstAt: number;
  lastAt: number;
}

/** The most bytes one request may write: a Put Page or a Put Page From URL. */
const largestWrite = 4 * 1024 * 1024;

/**
 * Per-blob limits like Azure's, as two token buckets per blob: one of requests, one of bytes, each
 * refilled at its rate and holding a second's worth (Azure states its targets per second). A request that finds either bucket short is refused (the service answers
 * `503 ServerBusy`); a refused request still spends a request, as a refused request costs the
 * service work. Off until `limits` is set.
 */
export class BlobLimiter {
  limits: BlobLimits | undefined;
  private readonly buckets = new Map<string, { requests: number; bytes: number; at: number }>();
  private readonly usage = new Map<string, BlobUsage>();

  /** Whether a request on `blob` that moves `bytes` is admitted now. */
  admit(blob: string, bytes: number, now = Date.now()): boolean {
    const usage = this.usageOf(blob);
    if (!this.limits) {
      record(usage, bytes, now);
      return true;
    }
    const { bytesPerSecond, requestsPerSecond } = this.limits;
    const requestCapacity = Math.max(1, requestsPerSecond);
    const byteCapacity = Math.max(largestWrite, bytesPerSecond);
    const bucket = this.buckets.get(blob) ?? {
      requests: requestCapacity,
      bytes: byteCapacity,
      at: now,
    };
    const elapsed = (now - bucket.at) / 1000;
    bucket.requests = Math.min(requestCapacity, bucket.requests + elapsed * requestsPerSecond);
    bucket.bytes = Math.min(byteCapacity, bucket.bytes + elapsed * bytesPerSecond);
    bucket.at = now;
    this.buckets.set(blob, bucket);
    const admitted = bucket.requests >= 1 && bucket.bytes >= bytes;
    bucket.requests = Math.max(0, bucket.requests - 1);
    if (!admitted) {
      usage.refusedRequests++;
      return false;
    }
    bucket.bytes -= bytes;
    record(usage, bytes, now);
    return true;
  }

  /** What `blob` admitted and refused so far. */
  usageOf(blob: string): BlobUsage {
    let usage = this.usage.get(blob);
    if (!usage) {
      usage = { admittedRequests: 0, admittedBytes: 0, refusedRequests: 0, firstAt: 0, lastAt: 0 };
      this.usage.set(blob, usage);
    }
    return usage;
  }

  /** Forgets what every blob used, and the buckets: a fresh start for a measurement. */
  reset(): void {
    this.buckets.clear();
    this.usage.clear();
  }
}

function record(usage: BlobUsage, bytes: number, now: number): void {
  usage.admittedRequests++;
  usage.admittedBytes += bytes;
  usage.firstAt ||= now;
  usage.lastAt = now;
}
