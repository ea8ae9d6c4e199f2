import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isCovered, normalizeRanges, totalLength, type ByteRange } from "../src/copy/byteRange";
import { planCopy } from "../src/copy/copyPlan";
import { pageBlobTargets } from "../src/copy/pageBlobTargets";
import { sparseDiskExtents } from "./emulator/fixture";
import { wholeChunks } from "./support/wholeChunks";

const KiB = 1024;
const MiB = 1024 * KiB;
const range = (start: number, length: number): ByteRange => ({ start, end: start + length });

/** How long a plan takes at Azure's targets for one page blob: its bytes or its requests. */
function secondsAtTargets(pieces: readonly ByteRange[]): number {
  return Math.max(
    totalLength(pieces) / pageBlobTargets.bytesPerSecond,
    pieces.length / pageBlobTargets.requestsPerSecond,
  );
}

/** Ranges of `length` bytes every `stride` bytes from 0, `count` of them. */
function fragments(count: number, length: number, stride: number): ByteRange[] {
  return Array.from({ length: count }, (_, i) => range(i * stride, length));
}

describe("planCopy", () => {
  const cases: { name: string; written: ByteRange[]; pieces: ByteRange[] }[] = [
    { name: "nothing written: nothing to copy", written: [], pieces: [] },
    {
      name: "one long range: 4 MiB pieces and the rest",
      written: [range(0, 10 * MiB)],
      pieces: [range(0, 4 * MiB), range(4 * MiB, 4 * MiB), range(8 * MiB, 2 * MiB)],
    },
    {
      name: "ranges off page boundaries: widened to whole pages",
      written: [{ start: 100, end: 600 }],
      pieces: [range(0, 1024)],
    },
    {
      name: "ranges given out of order, overlapping and touching: one",
      written: [range(4096, 4096), range(0, 4096), range(1024, 1024)],
      pieces: [range(0, 8192)],
    },
    {
      name: "a small gap that saves a request: merged, its zeros copied",
      written: [range(0, 2 * MiB), range(2 * MiB + 64 * KiB, MiB)],
      pieces: [range(0, 3 * MiB + 64 * KiB)],
    },
    {
      name: "a small gap that saves no request: not merged",
      written: [range(0, 4 * MiB), range(4 * MiB + 64 * KiB, MiB)],
      pieces: [range(0, 4 * MiB), range(4 * MiB + 64 * KiB, MiB)],
    },
    {
      name: "a gap over 123 KiB while bytes set the pace: not merged",
      written: [range(0, MiB), range(MiB + 200 * KiB, MiB)],
      pieces: [range(0, MiB), range(MiB + 200 * KiB, MiB)],
    },
    {
      name: "the sparse 1 GiB disk: its data, and the two pages between two of its files",
      written: [
        ...sparseDiskExtents.map(([offset, length]) => range(offset, length)),
        range(1024 * MiB, 512),
      ],
      pieces: [
        range(0, 2 * MiB),
        range(64 * MiB, 4 * MiB),
        range(68 * MiB, 12 * KiB + 1 * KiB + 256 * KiB),
        range(300 * MiB + 512, 4 * MiB),
        range(304 * MiB + 512, 2 * MiB),
        range(1000 * MiB, 1536 * KiB),
        range(1024 * MiB, 512),
      ],
    },
  ];
  for (const { name, written, pieces } of cases) {
    it(name, () => {
      assert.deepEqual(planCopy(written), pieces);
    });
  }

  it("a fragmented disk (4 KiB every 256 KiB): merges the smallest gaps until bytes take as long as requests", () => {
    const written = fragments(4000, 4 * KiB, 256 * KiB);
    const pieces = planCopy(written);
    const exact = secondsAtTargets(written);
    const chunks = secondsAtTargets(wholeChunks(written));
    assert.ok(
      secondsAtTargets(pieces) <= Math.min(exact, chunks),
      `${secondsAtTargets(pieces)} s against ${exact} s exact and ${chunks} s in whole chunks`,
    );
    const balance =
      totalLength(pieces) /
      pageBlobTargets.bytesPerSecond /
      (pieces.length / pageBlobTargets.requestsPerSecond);
    assert.ok(balance > 0.9 && balance < 1.1, `bytes take ${balance} of the requests' time`);
    assert.ok(totalLength(pieces) < totalLength(wholeChunks(written)), "fewer bytes than chunks");
  });

  it("every plan copies every written page, in pieces of whole pages of at most 4 MiB, in order", () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const written = Array.from({ length: 1 + random(60) }, () =>
        range(random(4096) * 512 * (1 + random(64)), 512 * (1 + random(20_000))),
      );
      const pieces = planCopy(written);
      const copied = normalizeRanges(pieces);
      for (const data of normalizeRanges(written)) {
        assert.ok(isCovered(data, copied), `round ${round}: ${JSON.stringify(data)} not copied`);
      }
      pieces.forEach((piece, i) => {
        assert.ok(piece.end - piece.start <= 4 * MiB && piece.start % 512 === 0);
        assert.ok(piece.end % 512 === 0 && (i === 0 || pieces[i - 1]!.end <= piece.start));
      });
      const exactRequests = normalizeRanges(written).reduce(
        (sum, data) => sum + Math.ceil((data.end - data.start) / (4 * MiB)),
        0,
      );
      assert.ok(pieces.length <= exactRequests, `round ${round}: more requests than exact`);
    }
  });
});
