/** One range of written pages: first and last byte, inclusive, as Get Page Ranges writes them. */
export interface PageRange {
  start: number;
  end: number;
}

/** The most page ranges Azure returns in one answer, whatever `maxresults` asks. */
export const maxRangesPerAnswer = 10_000;

/** The first api-version that pages Get Page Ranges with `marker` and `maxresults`. */
export const pagingApiVersion = "2020-10-02";

/** Reads the page ranges of a `<PageList>` body. */
export function parsePageList(xml: string): PageRange[] {
  return [...xml.matchAll(/<PageRange><Start>(\d+)<\/Start><End>(\d+)<\/End><\/PageRange>/g)].map(
    ([, start, end]) => ({ start: Number(start), end: Number(end) }),
  );
}

/**
 * Merges ranges that touch, as Azure reports written pages: Azurite keeps each write's range apart,
 * Azure answers one range for contiguous pages.
 */
export function mergeTouching(ranges: readonly PageRange[]): PageRange[] {
  const merged: PageRange[] = [];
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && range.start <= last.end + 1) {
      last.end = Math.max(last.end, range.end);
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}

/**
 * One answer of a paged Get Page Ranges: at most `maxResults` ranges (and never more than
 * {@link maxRangesPerAnswer}) from `marker` on, and the marker of the rest, if any. A marker is
 * opaque to the client: here, the offset of the next range.
 */
export function pageOf<Range extends PageRange>(
  ranges: readonly Range[],
  marker: string | undefined,
  maxResults: number | undefined,
): { ranges: Range[]; nextMarker?: string } {
  const from = marker ? Number(Buffer.from(marker, "base64url").toString("utf8")) : 0;
  const size = Math.min(maxResults ?? maxRangesPerAnswer, maxRangesPerAnswer);
  const rest = ranges.filter((range) => range.start >= from);
  const page = rest.slice(0, size);
  const next = rest[size];
  return next
    ? { ranges: page, nextMarker: Buffer.from(String(next.start)).toString("base64url") }
    : { ranges: page };
}

/** A range of a Get Page Ranges answer: written pages, or with a previous snapshot, cleared ones. */
export type ListedRange = PageRange & { cleared?: boolean };

/** The `<PageList>` body of an answer: `PageRange` and `ClearRange` elements in order of offset. */
export function formatPageList(ranges: readonly ListedRange[], nextMarker?: string): string {
  const items = ranges
    .map(({ start, end, cleared }) => {
      const element = cleared ? "ClearRange" : "PageRange";
      return `<${element}><Start>${start}</Start><End>${end}</End></${element}>`;
    })
    .join("");
  const marker = nextMarker === undefined ? "" : `<NextMarker>${nextMarker}</NextMarker>`;
  return `<?xml version="1.0" encoding="utf-8"?><PageList>${items}${marker}</PageList>`;
}
