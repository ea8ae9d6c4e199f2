import type * as pulumi from "@pulumi/pulumi";
import { unknownValue } from "../lifecycle/grantInputs";
import { isSameBlob } from "./blobUrl";
import { blobOfSasUrl, type DiskCopyInputs, type DiskCopyOutputs } from "./copyInputs";

/**
 * Compares a recorded copy with new inputs. Another `sourceId` into the same blob is an update that
 * copies over the earlier copy (only what changed, where it can). Another source otherwise (into a
 * disk, which takes one upload; or a SAS of another blob: a fresh SAS of the same blob is the same
 * source), another destination or another `fileFormat` replaces the copy; with the same
 * destination, deleting the old copy first. A change of `overwrite`, `verify` or
 * `grantDurationInSeconds` alone is an update that copies nothing.
 */
export function diffCopy(olds: DiskCopyOutputs, news: DiskCopyInputs): pulumi.dynamic.DiffResult {
  const replaces: string[] = [];
  const unknown = (value: unknown) => value === unknownValue;
  const destination = destinationChange(olds, news);
  const overInPlace =
    olds.sourceId !== undefined &&
    news.destinationBlobUrl !== undefined &&
    destination === undefined &&
    (olds.fileFormat ?? "VHD") === (news.fileFormat ?? "VHD");
  const sourceMoved = sourceIdChanged(olds, news);
  if (news.sourceId !== undefined) {
    if (sourceMoved && !overInPlace) {
      replaces.push("sourceId");
    }
  } else if (news.sourceSasUrl !== undefined) {
    if (unknown(news.sourceSasUrl) || !sameSasBlob(news.sourceSasUrl, olds.source)) {
      replaces.push("sourceSasUrl");
    }
  }
  if (destination) {
    replaces.push(destination);
  }
  if ((olds.fileFormat ?? "VHD") !== (news.fileFormat ?? "VHD")) {
    replaces.push("fileFormat");
  }
  const inPlace =
    (sourceMoved && overInPlace) ||
    (olds.overwrite ?? false) !== (news.overwrite ?? false) ||
    (olds.verify ?? false) !== (news.verify ?? false) ||
    olds.grantDurationInSeconds !== news.grantDurationInSeconds;
  return {
    changes: replaces.length > 0 || inPlace,
    replaces,
    // Copying again into the same blob or disk must come after the old copy is deleted.
    deleteBeforeReplace: replaces.length > 0 && destination === undefined,
  };
}

/** Whether `sourceId` names another source than the one copied (or one not known yet). */
export function sourceIdChanged(olds: DiskCopyOutputs, news: DiskCopyInputs): boolean {
  return (
    news.sourceId === unknownValue ||
    (news.sourceId !== undefined && news.sourceId.toLowerCase() !== olds.source.toLowerCase())
  );
}

/** The destination property that moves the copy elsewhere, or `undefined` when it stays. */
function destinationChange(olds: DiskCopyOutputs, news: DiskCopyInputs): string | undefined {
  if (news.destinationBlobUrl !== undefined) {
    const same =
      olds.destinationBlobUrl !== undefined &&
      news.destinationBlobUrl !== unknownValue &&
      isSameBlob(olds.destinationBlobUrl, news.destinationBlobUrl);
    return same ? undefined : "destinationBlobUrl";
  }
  if (news.destinationDiskId !== undefined) {
    const same =
      olds.destinationDiskId !== undefined &&
      news.destinationDiskId.toLowerCase() === olds.destinationDiskId.toLowerCase();
    return same ? undefined : "destinationDiskId";
  }
  return undefined;
}

function sameSasBlob(sasUrl: string, source: string): boolean {
  try {
    return blobOfSasUrl(sasUrl) === source;
  } catch {
    return false;
  }
}
