import type * as pulumi from "@pulumi/pulumi";
import { currentAzureSettings } from "../lifecycle/configuration";
import { unknownValue } from "../lifecycle/grantInputs";
import { copyBasis } from "./copyBasis";
import type { DiskCopyInputs, DiskCopyOutputs } from "./copyInputs";
import { sourceIdChanged } from "./diffCopy";

/**
 * What the plan of a copy whose source changes does, for a person reading the preview: into a
 * blob, whether the update copies only what changed and since which snapshot, or in full and why
 * (Azure read for both snapshots' lineage; a source not known yet says how it will be decided);
 * into a disk, why it is replaced and what that needs. `undefined` when the source is the same.
 */
export async function copyPlanNote(
  olds: DiskCopyOutputs,
  news: DiskCopyInputs,
  diff: pulumi.dynamic.DiffResult,
): Promise<string | undefined> {
  if (!sourceIdChanged(olds, news)) {
    return undefined;
  }
  const into = `DiskCopy into ${olds.destinationUrl}`;
  if (diff.replaces?.includes("sourceId")) {
    return olds.destinationDiskId !== undefined
      ? `${into}: another source replaces the copy. A disk takes one upload and has taken this copy's: replace the disk too (a new disk created for upload), or the copy is refused.`
      : undefined;
  }
  if (news.sourceId === unknownValue || news.sourceId === undefined) {
    return `${into}: the new source is known once it exists. The update copies only what changed since ${olds.source} if it is a newer incremental snapshot of the same disk, else in full, and says which.`;
  }
  const basis = await copyBasis(olds.source, news.sourceId, currentAzureSettings());
  return basis.incremental
    ? `${into}: copies only what changed in ${news.sourceId} since ${olds.source}, keeping the earlier copy as a blob snapshot.`
    : `${into}: copies ${news.sourceId} in full, keeping the earlier copy as a blob snapshot: ${basis.reason}.`;
}
