/**
 * Resource Manager's request throttling, simplified: at most `perSecond` requests in any one-second
 * window; the rest are answered 429 with `Retry-After`, as ARM answers them.
 */
export class Throttle {
  /** Requests admitted per second; `undefined` admits all. */
  perSecond: number | undefined;
  /** How many requests were refused. */
  refused = 0;
  private admitted: number[] = [];

  /** Whether a request arriving now is admitted. */
  admit(now = Date.now()): boolean {
    if (this.perSecond === undefined) {
      return true;
    }
    this.admitted = this.admitted.filter((at) => now - at < 1000);
    if (this.admitted.length >= this.perSecond) {
      this.refused++;
      return false;
    }
    this.admitted.push(now);
    return true;
  }
}
