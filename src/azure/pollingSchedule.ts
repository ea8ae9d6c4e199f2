/** What the poller knows when it picks the wait before its next status poll. */
export interface PollingState {
  /** Time since the operation was started. */
  elapsedMs: number;
  /** The `Retry-After` of the last poll's answer, if it sent a non-zero one. */
  retryAfterMs?: number;
  /** How long the last poll took to answer. */
  roundTripMs: number;
  /** How many polls were throttled (HTTP 429) so far. */
  throttledPolls: number;
}

/** The shortest and longest wait between polls. */
export const minimumPollIntervalMs = 200;
export const maximumPollIntervalMs = 2000;
/** How late a timer may fire on a busy event loop: the schedule keeps this much to spare. */
export const timerMarginMs = 10;
/**
 * Below this run time the lag bound is a flat 200 ms, which a busy machine's few tens of
 * milliseconds (late timers, the final result request) would eat: there the schedule keeps 10 % of
 * the bound to spare, polling every 180 ms.
 */
export const flatBoundUntilMs = 1000;
export const flatBoundSpare = 0.1;

/**
 * The wait before the next status poll of a long-running operation: a fifth of the time the
 * operation has run so far, between 200 ms (180 ms during its first second) and 2 s, less one and
 * a half of the last poll's round trip (the answer's travel counts too) and 10 ms for a timer that
 * fires late. An operation that ends is thus seen at most max(200 ms, 20 % of its run time) late
 * (180 ms for one that ends within its first second), never later than 2 s, with few polls: every
 * poll spends the subscription's read quota. A larger `Retry-After` from Azure always wins, and
 * throttled polls double the wait, twice at most, so that polling slows down in a storm (the
 * pipeline itself waits out each 429's `Retry-After`).
 */
export function nextPollDelayMs(state: PollingState): number {
  const interval =
    state.elapsedMs < flatBoundUntilMs
      ? minimumPollIntervalMs * (1 - flatBoundSpare)
      : Math.min(maximumPollIntervalMs, Math.max(minimumPollIntervalMs, state.elapsedMs / 5));
  const paced = Math.max(interval - 1.5 * state.roundTripMs - timerMarginMs, interval / 4);
  const backedOff = paced * 2 ** Math.min(state.throttledPolls, 2);
  return Math.max(backedOff, state.retryAfterMs ?? 0);
}
