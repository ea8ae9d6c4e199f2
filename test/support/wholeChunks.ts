import type { ByteRange } from "../../src/copy/byteRange";

const chunk = 4 * 1024 * 1024;

/**
 * The pieces azcopy copies a page blob in: every 4 MiB chunk, at 4 MiB boundaries, that holds any
 * written page (its `pageRangeOptimizer`), the last one cut at the blob's size.
 */
export function wholeChunks(written: readonly ByteRange[], size = Infinity): ByteRange[] {
  const chunks = new Set<number>();
  for (const { start, end } of written) {
    for (let at = Math.floor(start / chunk); at * chunk < end; at++) {
      chunks.add(at);
    }
  }
  return [...chunks]
    .sort((a, b) => a - b)
    .map((at) => ({ start: at * chunk, end: Math.min(size, (at + 1) * chunk) }));
}
