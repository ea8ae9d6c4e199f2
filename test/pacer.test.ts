import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Pacer } from "../src/copy/pacer";
import { pageBlobTargets } from "../src/copy/pageBlobTargets";
import { BlobLimiter, type BlobLimits } from "./emulator/blobLimits";

const MiB = 1024 * 1024;

/** What a simulated copy achieved against a blob's limits. */
interface Outcome {
  /** Admitted bytes and requests per second over the run, after its first `warmupSeconds`. */
  bytesPerSecond: number;
  requestsPerSecond: number;
  /** Refused requests per admitted one, over the whole run. */
  refusedShare: number;
}

/**
 * Simulates `workers` senders of `pieceBytes`-byte requests through the pacer against a blob that
 * admits requests as the emulator's per-blob limits do, each request taking `latencyMs` to be
 * answered, for `seconds` of simulated time. Deterministic: a clock of its own, no timers.
 */
function simulate(options: {
  limits: BlobLimits;
  pieceBytes: number;
  seconds: number;
  warmupSeconds?: number;
  workers?: number;
  latencyMs?: number;
}): Outcome {
  const { limits, pieceBytes, seconds, warmupSeconds = 10, workers = 32, latencyMs = 30 } = options;
  let now = 0;
  const pacer = new Pacer(pageBlobTargets, () => now);
  const blob = new BlobLimiter();
  blob.limits = limits;
  // Each worker's next moment to act, and what it does then: ask the pacer, or take an answer.
  const events = Array.from({ length: workers }, (_, i) => ({
    at: i,
    answer: false,
    admitted: false,
  }));
  let admittedBytes = 0;
  let admittedRequests = 0;
  while (true) {
    const event = events.reduce((first, e) => (e.at < first.at ? e : first));
    now = event.at;
    if (now > seconds * 1000) {
      break;
    }
    if (event.answer) {
      if (event.admitted) {
        pacer.admitted(pieceBytes);
      } else {
        pacer.throttled();
      }
      event.answer = false;
      continue;
    }
    const wait = pacer.reserve(pieceBytes);
    if (wait > 0) {
      event.at = now + wait;
      continue;
    }
    event.admitted = blob.admit("blob", pieceBytes, now + latencyMs / 2);
    if (event.admitted && now >= warmupSeconds * 1000) {
      admittedBytes += pieceBytes;
      admittedRequests++;
    }
    event.answer = true;
    event.at = now + latencyMs;
  }
  const usage = blob.usageOf("blob");
  const measured = seconds - warmupSeconds;
  return {
    bytesPerSecond: admittedBytes / measured,
    requestsPerSecond: admittedRequests / measured,
    refusedShare: usage.refusedRequests / usage.admittedRequests,
  };
}

describe("Pacer", () => {
  it("lets requests go at Azure's targets for one page blob: 60 MiB/s of 4 MiB writes", () => {
    let now = 0;
    const pacer = new Pacer(pageBlobTargets, () => now);
    let sent = 0;
    while (now < 10_000) {
      const wait = pacer.reserve(4 * MiB);
      if (wait > 0) {
        now += wait;
      } else {
        sent += 4 * MiB;
      }
    }
    // Growing by 3 % a second while it holds requests back: 60 MiB/s at first, about 70 after 10 s.
    assert.ok(sent / 10 >= 60 * MiB && sent / 10 <= 70 * MiB, `${sent / 10 / MiB} MiB/s`);
  });

  it("pauses every request for a throttled answer's Retry-After", () => {
    let now = 0;
    const pacer = new Pacer(pageBlobTargets, () => now);
    assert.equal(pacer.reserve(MiB), 0);
    pacer.throttled(3000);
    assert.equal(pacer.reserve(512), 3000);
    now = 2999;
    assert.equal(pacer.reserve(512), 1);
    now = 3000;
    assert.ok(pacer.reserve(512) < 3000, "it goes on after the wait");
  });

  it("cuts its rate once for throttled answers that were in flight together", () => {
    let now = 0;
    const pacer = new Pacer(pageBlobTargets, () => now);
    const before = pacer.rates.bytesPerSecond;
    pacer.throttled();
    pacer.throttled();
    now = 200;
    pacer.throttled();
    assert.ok(Math.abs(pacer.rates.bytesPerSecond - before * 0.85) < 1);
    now = 700;
    pacer.throttled();
    assert.ok(Math.abs(pacer.rates.bytesPerSecond - before * 0.85 * 0.85) < 1);
  });

  const cases: {
    name: string;
    limits: BlobLimits;
    pieceBytes: number;
    bound: "bytes" | "requests";
  }[] = [
    {
      name: "a blob slower than Azure's targets (24 MiB/s), 4 MiB writes",
      limits: { bytesPerSecond: 24 * MiB, requestsPerSecond: 200 },
      pieceBytes: 4 * MiB,
      bound: "bytes",
    },
    {
      name: "a blob slower than Azure's targets (200 requests/s), 16 KiB writes",
      limits: { bytesPerSecond: 24 * MiB, requestsPerSecond: 200 },
      pieceBytes: 16 * 1024,
      bound: "requests",
    },
    {
      name: "a blob at Azure's targets, 4 MiB writes",
      limits: { bytesPerSecond: 60 * MiB, requestsPerSecond: 500 },
      pieceBytes: 4 * MiB,
      bound: "bytes",
    },
  ];
  for (const { name, limits, pieceBytes, bound } of cases) {
    it(`settles just under the limit of ${name}: at least 90 % of it, few requests refused`, () => {
      const outcome = simulate({ limits, pieceBytes, seconds: 120 });
      const share =
        bound === "bytes"
          ? outcome.bytesPerSecond / limits.bytesPerSecond
          : outcome.requestsPerSecond / limits.requestsPerSecond;
      assert.ok(share >= 0.9 && share <= 1.01, `${(share * 100).toFixed(1)} % of the limit`);
      assert.ok(outcome.refusedShare < 0.1, `${(outcome.refusedShare * 100).toFixed(1)} % refused`);
    });
  }

  it("finds out a blob faster than Azure's targets (a managed disk taking 200 MiB/s)", () => {
    const outcome = simulate({
      limits: { bytesPerSecond: 200 * MiB, requestsPerSecond: 2000 },
      pieceBytes: 4 * MiB,
      seconds: 90,
      warmupSeconds: 60,
    });
    assert.ok(outcome.bytesPerSecond > 100 * MiB, `${outcome.bytesPerSecond / MiB} MiB/s`);
  });
});
