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
 * The wait before the next status poll of a long-running operation: a fifth of the time the
 * operation has run so far, between 200 ms and 2 s, less one and a half of the last poll's round
 * trip (the answer's travel counts too) and 10 ms for a timer that fires late. An operation that
 * ends is thus seen at most max(200 ms, 20 % of its run time) late, never later than 2 s, with few
 * polls: every poll spends the subscription's read quota. A larger `Retry-After` from Azure always
 * wins, and throttled polls double the wait, twice at most, so that polling slows down in a storm
 * (the pipeline itself waits out each 429's `Retry-After`).
 */
export function nextPollDelayMs(state: PollingState): number {
  const interval = Math.min(
    maximumPollIntervalMs,
    Math.max(minimumPollIntervalMs, state.elapsedMs / 5),
  );
  const paced = Math.max(interval - 1.5 * state.roundTripMs - timerMarginMs, interval / 4);
  const backedOff = paced * 2 ** Math.min(state.throttledPolls, 2);
  return Math.max(backedOff, state.retryAfterMs ?? 0);
}
