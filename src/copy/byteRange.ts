/** A range of bytes of a disk image: from `start` up to, not including, `end`. */
export interface ByteRange {
  start: number;
  end: number;
}

/** The unit a page blob is written in. */
export const pageBytes = 512;

/** The length of a range. */
export function rangeLength(range: ByteRange): number {
  return range.end - range.start;
}

/** The total length of ranges. */
export function totalLength(ranges: readonly ByteRange[]): number {
  return ranges.reduce((sum, range) => sum + rangeLength(range), 0);
}

/**
 * Ranges in order with those that overlap or touch made one, each widened to whole pages: what a
 * page blob holds, whatever order and granularity a listing gave them in.
 */
export function normalizeRanges(ranges: readonly ByteRange[]): ByteRange[] {
  const merged: ByteRange[] = [];
  const widened = ranges
    .map(({ start, end }) => ({
      start: Math.floor(start / pageBytes) * pageBytes,
      end: Math.ceil(end / pageBytes) * pageBytes,
    }))
    .filter((range) => range.end > range.start)
    .sort((a, b) => a.start - b.start);
  for (const range of widened) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) {
      last.end = Math.max(last.end, range.end);
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}

/** Whether `range` lies wholly inside `normalized` (ranges as {@link normalizeRanges} gives them). */
export function isCovered(range: ByteRange, normalized: readonly ByteRange[]): boolean {
  let low = 0;
  let high = normalized.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = normalized[middle]!;
    if (candidate.end <= range.start) {
      low = middle + 1;
    } else if (candidate.start > range.start) {
      high = middle - 1;
    } else {
      return candidate.end >= range.end;
    }
  }
  return false;
}

/** The parts of `ranges` outside `removed` (both as {@link normalizeRanges} gives them). */
export function subtractRanges(
  ranges: readonly ByteRange[],
  removed: readonly ByteRange[],
): ByteRange[] {
  const left: ByteRange[] = [];
  for (const range of ranges) {
    let start = range.start;
    for (const cut of removed) {
      if (cut.end <= start || cut.start >= range.end) {
        continue;
      }
      if (cut.start > start) {
        left.push({ start, end: cut.start });
      }
      start = Math.max(start, cut.end);
    }
    if (start < range.end) {
      left.push({ start, end: range.end });
    }
  }
  return left;
}
