import type { PageBlob } from "../azure/pageBlob";
import { copyMetadata } from "./copyDestination";

/** A snapshot of a destination blob: an earlier copy kept as it was, restorable. */
export interface BlobSnapshot {
  /** The snapshot's URL: the blob's, with `?snapshot={time}`. */
  url: string;
  /** What the copy it keeps was of: the source's ARM id. */
  source: string;
  /** When that source snapshot was taken, where Azure said. */
  sourceCreatedAt?: string;
  /** When that copy was complete. */
  copiedAt?: string;
}

/** The snapshots of a destination blob that keep earlier copies, oldest first. */
export async function listBlobSnapshots(blob: PageBlob, url: string): Promise<BlobSnapshot[]> {
  const kept = await blob.snapshots();
  return kept.flatMap(({ snapshot, metadata }) => {
    const source = metadata[copyMetadata.source];
    if (source === undefined || metadata[copyMetadata.state] !== "complete") {
      return [];
    }
    const sourceCreatedAt = metadata[copyMetadata.sourceCreatedAt];
    const copiedAt = metadata[copyMetadata.completedAt];
    return [
      {
        url: `${url}?snapshot=${encodeURIComponent(snapshot)}`,
        source,
        ...(sourceCreatedAt ? { sourceCreatedAt } : {}),
        ...(copiedAt ? { copiedAt } : {}),
      },
    ];
  });
}
