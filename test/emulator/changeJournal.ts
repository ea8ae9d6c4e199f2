import { mergeTouching, type PageRange } from "./pageList";

/** One change written to a disk: pages written, or pages cleared (trimmed). */
export interface DiskChange {
  kind: "write" | "clear";
  /** First and last byte, inclusive, whole pages. */
  range: PageRange;
}

/** What changed between two incremental snapshots, as Get Page Ranges with a previous snapshot answers. */
export interface SnapshotDifference {
  /** Pages that hold data in the newer snapshot and were written since the older one. */
  changed: PageRange[];
  /** Pages that were cleared since the older snapshot and hold no data in the newer one. */
  cleared: PageRange[];
}

/**
 * The difference between two snapshots of one disk: every page the disk's changes between them
 * touched is either changed (it holds data in the newer snapshot) or cleared (it holds none),
 * as Azure's change tracking of incremental snapshots reports it.
 *
 * @param changes the disk's changes after the older snapshot and up to the newer one, in order.
 * @param written the newer snapshot's written pages, merged and in order.
 */
export function differenceOf(
  changes: readonly DiskChange[],
  written: readonly PageRange[],
): SnapshotDifference {
  const touched = mergeTouching(changes.map((change) => change.range));
  const changed: PageRange[] = [];
  const cleared: PageRange[] = [];
  for (const range of touched) {
    let at = range.start;
    for (const data of written) {
      if (data.end < at || data.start > range.end) {
        continue;
      }
      if (data.start > at) {
        cleared.push({ start: at, end: data.start - 1 });
      }
      const end = Math.min(range.end, data.end);
      changed.push({ start: Math.max(at, data.start), end });
      at = end + 1;
    }
    if (at <= range.end) {
      cleared.push({ start: at, end: range.end });
    }
  }
  return { changed: mergeTouching(changed), cleared: mergeTouching(cleared) };
}
