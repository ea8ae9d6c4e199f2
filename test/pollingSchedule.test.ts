import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nextPollDelayMs, timerMarginMs } from "../src/azure/pollingSchedule";

/**
 * Plays an operation that ends `operationMs` after it started against the schedule, with polls that
 * take `roundTripMs` to answer (the server judges a poll halfway) and timers that fire `lateMs` late,
 * and returns how late the end was seen and how many polls it took. The first poll goes out at once,
 * as the SDK's does.
 */
function simulate(operationMs: number, roundTripMs: number, lateMs = timerLatenessMs) {
  let sent = 0;
  for (let polls = 1; ; polls++) {
    const answered = sent + roundTripMs;
    if (sent + roundTripMs / 2 >= operationMs) {
      return { lagMs: answered - operationMs, polls };
    }
    const delay = nextPollDelayMs({
      elapsedMs: answered,
      roundTripMs,
      throttledPolls: 0,
    });
    sent = answered + delay + lateMs;
  }
}

/** How late the simulation's timers fire: the schedule keeps this much to spare. */
const timerLatenessMs = timerMarginMs;
const bound = (operationMs: number) => Math.min(2000, Math.max(200, 0.2 * operationMs));
/** Operations that end within their first second are seen with 10 % of the bound to spare. */
const target = (operationMs: number) => (operationMs < 1000 ? 0.9 : 1) * bound(operationMs);
const operationTimes = [
  ...Array.from({ length: 120 }, (_, i) => 37 + i * 83), // 37 ms to 9.9 s, off every round number
  200,
  1000,
  2700,
  6100,
  10_000,
  17_300,
  30_000,
  45_500,
  60_000,
];

describe("the polling schedule", () => {
  for (const roundTripMs of [2, 20, 40]) {
    it(`sees any operation end within min(2 s, max(200 ms, 20 %)), 10 % to spare within the first second, with ${roundTripMs} ms round trips`, () => {
      for (const operationMs of [0, 5, ...operationTimes]) {
        const { lagMs } = simulate(operationMs, roundTripMs);
        assert.ok(
          lagMs <= target(operationMs),
          `operation ${operationMs} ms: seen ${lagMs} ms late, bound ${target(operationMs)}`,
        );
      }
    });
  }

  it("polls at most 20 times for an operation of up to 10 s, and 45 up to 60 s (one more with 40 ms round trips)", () => {
    for (const roundTripMs of [2, 20, 40]) {
      for (const operationMs of operationTimes) {
        const { polls } = simulate(operationMs, roundTripMs);
        const limit = (operationMs <= 10_000 ? 20 : 45) + (roundTripMs >= 40 ? 1 : 0);
        assert.ok(
          polls <= limit,
          `operation ${operationMs} ms, ${roundTripMs} ms round trips: ${polls} polls`,
        );
      }
    }
  });

  it("always honours a larger Retry-After", () => {
    assert.equal(
      nextPollDelayMs({ elapsedMs: 1000, roundTripMs: 0, throttledPolls: 0, retryAfterMs: 10_000 }),
      10_000,
    );
    assert.equal(
      nextPollDelayMs({ elapsedMs: 1000, roundTripMs: 0, throttledPolls: 0, retryAfterMs: 100 }),
      200 - timerMarginMs,
    );
    assert.equal(
      nextPollDelayMs({ elapsedMs: 500, roundTripMs: 0, throttledPolls: 0, retryAfterMs: 100 }),
      180 - timerMarginMs,
    );
  });

  it("slows down when polls are throttled", () => {
    const calm = nextPollDelayMs({ elapsedMs: 5000, roundTripMs: 0, throttledPolls: 0 });
    assert.equal(nextPollDelayMs({ elapsedMs: 5000, roundTripMs: 0, throttledPolls: 1 }), 2 * calm);
    assert.equal(nextPollDelayMs({ elapsedMs: 5000, roundTripMs: 0, throttledPolls: 2 }), 4 * calm);
    assert.equal(nextPollDelayMs({ elapsedMs: 5000, roundTripMs: 0, throttledPolls: 9 }), 4 * calm);
  });
});
