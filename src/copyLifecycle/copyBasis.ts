import type { SnapshotLineage } from "../azure/access";
import type { AccessTarget } from "../azure/accessTarget";
import type { AzureSettings } from "../azure/settings";
import { loadAzure } from "../lifecycle/loadAzure";
import { sourceTarget } from "./copyInputs";

/**
 * How a copy of a new source over the copy of an earlier one goes: only what changed since the
 * earlier snapshot, or in full, and why.
 */
export type CopyBasis =
  | { incremental: true; sourceCreatedAt?: string }
  | { incremental: false; reason: string; sourceCreatedAt?: string };

/**
 * Judges whether a copy of `source` into a destination that holds a copy of `previous` may copy
 * only what changed: both are incremental snapshots of the same disk (the same disk, not one
 * created again under its name), `source` taken after `previous`, of the same size, and
 * `previous` still exists. Otherwise the copy is in full, and the reason says why.
 */
export async function copyBasis(
  previous: string,
  source: string,
  settings: AzureSettings,
): Promise<CopyBasis> {
  const newer = sourceTarget(source);
  const older = sourceTarget(previous);
  if (newer?.type !== "snapshot") {
    return { incremental: false, reason: "the source is not a snapshot" };
  }
  if (older?.type !== "snapshot") {
    return { incremental: false, reason: `the earlier copy was of ${previous}, not a snapshot` };
  }
  const { createComputeClient, readSnapshotLineage } = loadAzure();
  const read = async (target: AccessTarget) =>
    readSnapshotLineage(await createComputeClient(settings, target.subscriptionId), target);
  const [now, before] = await Promise.all([read(newer), read(older)]);
  const sourceCreatedAt = now?.timeCreated;
  const full = (reason: string): CopyBasis => ({
    incremental: false,
    reason,
    ...(sourceCreatedAt ? { sourceCreatedAt } : {}),
  });
  const reason = fullCopyReason(now, before, newer.names.at(-1)!, older.names.at(-1)!);
  return reason
    ? full(reason)
    : { incremental: true, ...(sourceCreatedAt ? { sourceCreatedAt } : {}) };
}

/** Why two snapshots' lineage does not let a copy write only the changes, if it does not. */
export function fullCopyReason(
  now: SnapshotLineage | undefined,
  before: SnapshotLineage | undefined,
  name: string,
  previousName: string,
): string | undefined {
  if (!now) {
    return `the snapshot ${name} does not exist`;
  }
  if (!before) {
    return `the snapshot of the earlier copy, ${previousName}, no longer exists, so what changed since it cannot be known`;
  }
  if (!now.incremental || !before.incremental) {
    return `${now.incremental ? previousName : name} is a full snapshot: Azure tells what changed only between incremental snapshots`;
  }
  const disk = (lineage: SnapshotLineage) => lineage.diskUniqueId ?? lineage.diskId?.toLowerCase();
  if (disk(now) === undefined || disk(now) !== disk(before)) {
    return `${name} is a snapshot of ${now.diskId ?? "another disk"}, ${previousName} of ${before.diskId ?? "another disk"}${now.diskId?.toLowerCase() === before.diskId?.toLowerCase() ? " as it was before it was created again" : ""}`;
  }
  if ((now.timeCreated ?? "") <= (before.timeCreated ?? "")) {
    return `${name} (${now.timeCreated ?? "of unknown time"}) was not taken after ${previousName} (${before.timeCreated ?? "of unknown time"})`;
  }
  if (now.sizeBytes !== before.sizeBytes) {
    return `the disk was resized between ${previousName} (${before.sizeBytes ?? "?"} bytes) and ${name} (${now.sizeBytes ?? "?"} bytes)`;
  }
  return undefined;
}

/** When the snapshot a copy's source names was taken, where Azure says; else `undefined`. */
export async function snapshotCreatedAt(
  source: string,
  settings: AzureSettings,
): Promise<string | undefined> {
  const target = sourceTarget(source);
  if (target?.type !== "snapshot") {
    return undefined;
  }
  const { createComputeClient, readSnapshotLineage } = loadAzure();
  try {
    const client = await createComputeClient(settings, target.subscriptionId);
    return (await readSnapshotLineage(client, target))?.timeCreated;
  } catch {
    return undefined; // A label of the copy only: the grant says what is wrong with the source.
  }
}
