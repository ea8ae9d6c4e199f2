import { createHash } from "node:crypto";
import type { PageBlob } from "../azure/pageBlob";
import { normalizeRanges, totalLength, type ByteRange } from "../copy/byteRange";

/**
 * Why the destination does not hold what the copy wrote, or `undefined` when it does: its size is
 * the source's and its written ranges are the pieces of the plan (the source's data and the
 * small gaps merged between it), no more, no less.
 */
export async function integrityProblem(
  destination: PageBlob,
  size: number,
  plan: readonly ByteRange[],
): Promise<string | undefined> {
  const state = await destination.state();
  if (state && state.size !== size) {
    return `it is ${state.size} bytes long, the source ${size}`;
  }
  const held = normalizeRanges(await destination.writtenRanges());
  const expected = normalizeRanges(plan);
  const same =
    held.length === expected.length &&
    held.every((range, i) => range.start === expected[i]!.start && range.end === expected[i]!.end);
  if (same) {
    return undefined;
  }
  return `its written pages (${held.length} ranges, ${totalLength(held)} bytes) are not those the copy wrote (${expected.length} ranges, ${totalLength(expected)} bytes)`;
}

/** The bytes read at once when hashing. */
const readBytes = 8 * 1024 * 1024;

/**
 * The SHA-256 (hex) of a page blob's whole image of `size` bytes, as `sha256sum` of a download of
 * it would give: its `written` ranges read with `read`, the zeros between them hashed without being
 * read.
 */
export async function imageSha256(
  read: (range: ByteRange) => Promise<Buffer>,
  size: number,
  written: readonly ByteRange[],
): Promise<string> {
  const hash = createHash("sha256");
  const zeros = Buffer.alloc(readBytes);
  const hashZeros = (count: number) => {
    for (let left = count; left > 0; left -= readBytes) {
      hash.update(zeros.subarray(0, Math.min(left, readBytes)));
    }
  };
  let at = 0;
  for (const range of normalizeRanges(written)) {
    hashZeros(range.start - at);
    for (let start = range.start; start < range.end; start += readBytes) {
      hash.update(await read({ start, end: Math.min(range.end, start + readBytes) }));
    }
    at = range.end;
  }
  hashZeros(size - at);
  return hash.digest("hex");
}
