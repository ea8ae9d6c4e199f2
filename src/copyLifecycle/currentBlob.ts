import type { PageBlob } from "../azure/pageBlob";
import { loadPageBlob } from "../lifecycle/loadAzure";

/**
 * The blob a SAS that changes (a grant renewed) opens: a client for the SAS in force, made anew
 * only when the SAS changes.
 */
export function currentBlob(sasUrl: () => string): () => PageBlob {
  let url: string | undefined;
  let blob: PageBlob | undefined;
  return () => {
    if (!blob || url !== sasUrl()) {
      url = sasUrl();
      blob = new (loadPageBlob().PageBlob)(url);
    }
    return blob;
  };
}

/**
 * Reads a range through the SAS in force; when the blob refuses it (the SAS ran out or was
 * revoked), puts a new SAS in place with `renew` and reads again, twice at most.
 */
export async function readRenewing(
  blob: () => PageBlob,
  renew: (sentAt: number) => Promise<boolean>,
  range: { start: number; end: number },
  signal?: AbortSignal,
): Promise<Buffer> {
  for (let renewals = 0; ; renewals++) {
    const sentAt = Date.now();
    try {
      return await blob().read(range, signal);
    } catch (error) {
      const refused = (error as { statusCode?: unknown }).statusCode === 403;
      if (!refused || renewals >= 2 || !(await renew(sentAt))) {
        throw error;
      }
    }
  }
}
