import { normalizeRanges, rangeLength, type ByteRange } from "./byteRange";
import { maxPieceBytes, pageBlobTargets, type BlobRates } from "./pageBlobTargets";

/**
 * Plans a copy of a page blob's written ranges into pieces of at most 4 MiB, each one Put Page
 * From URL: only the data is copied, not the zeros between it. Neighbouring ranges are merged
 * across a gap (whose zeros are then copied too) when that saves a request and either
 *
 * - the gap costs the blob less time than the request it saves: under `bytesPerSecond /
 *   requestsPerSecond` (123 KiB at Azure's targets), or
 * - requests, not bytes, set the pace of the copy (many small ranges, a fragmented disk): the
 *   smallest gaps go first, until the bytes take as long as the requests.
 *
 * So the copy takes, at the blob's rates, as long as the better of copying the exact ranges and
 * copying whole 4 MiB chunks (give or take the small gaps, each cheaper than the request it saves),
 * and writes little more than the data. The pieces are in order of their offset.
 *
 * @param written the source's written ranges, in any order (Get Page Ranges).
 */
export function planCopy(
  written: readonly ByteRange[],
  rates: BlobRates = pageBlobTargets,
): ByteRange[] {
  const segments = normalizeRanges(written);
  const piecesOf = (length: number) => Math.ceil(length / maxPieceBytes);
  const time = (bytes: number, requests: number) =>
    Math.max(bytes / rates.bytesPerSecond, requests / rates.requestsPerSecond);
  let bytes = segments.reduce((sum, segment) => sum + rangeLength(segment), 0);
  let requests = segments.reduce((sum, segment) => sum + piecesOf(rangeLength(segment)), 0);

  // Runs of merged segments: each run's first segment holds its end; the others point back to it.
  const runEnd = segments.map((segment) => segment.end);
  const runHead = segments.map((_, i) => i);
  const headOf = (i: number): number => {
    while (runHead[i] !== i) {
      runHead[i] = runHead[runHead[i]!]!;
      i = runHead[i]!;
    }
    return i;
  };
  const gaps = segments
    .slice(1)
    .map((segment, i) => ({ right: i + 1, length: segment.start - segments[i]!.end }))
    .sort((a, b) => a.length - b.length || a.right - b.right);
  const cheapGap = rates.bytesPerSecond / rates.requestsPerSecond;
  for (const { right, length } of gaps) {
    // The segment right of a gap not merged yet always heads its run.
    const left = headOf(right - 1);
    const leftStart = segments[left]!.start;
    const rightEnd = runEnd[right]!;
    const saved =
      piecesOf(runEnd[left]! - leftStart) +
      piecesOf(rightEnd - segments[right]!.start) -
      piecesOf(rightEnd - leftStart);
    if (saved <= 0) {
      continue;
    }
    const cheap = length < cheapGap;
    const faster = time(bytes + length, requests - saved) < time(bytes, requests);
    if (!cheap && !faster) {
      if (bytes / rates.bytesPerSecond >= requests / rates.requestsPerSecond) {
        break; // Bytes set the pace: every larger gap would only slow the copy down.
      }
      continue;
    }
    runHead[right] = left;
    runEnd[left] = rightEnd;
    bytes += length;
    requests -= saved;
  }

  const pieces: ByteRange[] = [];
  segments.forEach((segment, i) => {
    if (runHead[i] !== i) {
      return;
    }
    for (let start = segment.start; start < runEnd[i]!; start += maxPieceBytes) {
      pieces.push({ start, end: Math.min(runEnd[i]!, start + maxPieceBytes) });
    }
  });
  return pieces;
}
