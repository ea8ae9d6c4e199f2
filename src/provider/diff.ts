import type * as pulumi from "@pulumi/pulumi";
import { currentAzureSettings } from "./configuration";
import { grantIsDue } from "./expiry";
import {
  unknownValue,
  type DiskRestorePointAccessInputs,
  type DiskRestorePointAccessOutputs,
} from "./inputs";
import { parseDiskRestorePointId, type DiskRestorePointTarget } from "./target";

const targetParts = [
  "subscriptionId",
  "resourceGroupName",
  "restorePointCollectionName",
  "vmRestorePointName",
  "diskRestorePointName",
] as const;

/** How each grant setting reads when it is not given, so that leaving out a default changes nothing. */
const grantSettings = {
  access: undefined,
  durationInSeconds: undefined,
  fileFormat: "VHD",
  getSecureVMGuestStateSAS: false,
} as const;

/**
 * Compares recorded outputs with new inputs. Any change to the target or to a grant setting
 * replaces the resource, deleting first: revoking acts on the disk restore point, not on one SAS,
 * so revoking the old grant after the new one would revoke the new SAS too. So does a grant that
 * has expired or expires within `renewBeforeSeconds` (replacing `expiresAt`, see `grantIsDue`). A
 * change to `revokeOnDelete` or `renewBeforeSeconds` alone is an update without any Azure call.
 *
 * @param defaultSubscriptionId the subscription a target given by name falls back to.
 * @param now the time to judge expiry by, in milliseconds since the epoch.
 */
export function diffInputs(
  olds: DiskRestorePointAccessOutputs,
  news: DiskRestorePointAccessInputs,
  defaultSubscriptionId: string | undefined,
  now = Date.now(),
): pulumi.dynamic.DiffResult {
  const replaces = [...changedTargetProperties(olds, news, defaultSubscriptionId)];
  for (const [name, fallback] of Object.entries(grantSettings) as [
    keyof typeof grantSettings,
    unknown,
  ][]) {
    if ((olds[name] ?? fallback) !== (news[name] ?? fallback)) {
      replaces.push(name);
    }
  }
  if (grantIsDue(olds.expiresAt, news.renewBeforeSeconds, now)) {
    replaces.push("expiresAt");
  }
  const inPlace =
    (olds.revokeOnDelete ?? true) !== (news.revokeOnDelete ?? true) ||
    olds.renewBeforeSeconds !== news.renewBeforeSeconds;
  return {
    changes: replaces.length > 0 || inPlace,
    replaces,
    deleteBeforeReplace: true,
  };
}

/** The provider's `diff`: {@link diffInputs} with the subscription in force now. */
export async function diff(
  _id: string,
  olds: DiskRestorePointAccessOutputs,
  news: DiskRestorePointAccessInputs,
): Promise<pulumi.dynamic.DiffResult> {
  return diffInputs(olds, news, currentAzureSettings().subscriptionId);
}

function changedTargetProperties(
  olds: DiskRestorePointAccessOutputs,
  news: DiskRestorePointAccessInputs,
  defaultSubscriptionId: string | undefined,
): string[] {
  const oldTarget = parseDiskRestorePointId(olds.diskRestorePointId);
  if (news.diskRestorePointId !== undefined) {
    const newTarget =
      news.diskRestorePointId === unknownValue
        ? undefined
        : parseDiskRestorePointId(news.diskRestorePointId);
    return oldTarget && newTarget && sameTarget(oldTarget, newTarget) ? [] : ["diskRestorePointId"];
  }
  const subscriptionId = news.subscriptionId ?? defaultSubscriptionId ?? oldTarget?.subscriptionId;
  const newTarget: Partial<DiskRestorePointTarget> = { ...news, subscriptionId };
  return targetParts.filter(
    (part) =>
      oldTarget === undefined ||
      newTarget[part] === undefined ||
      newTarget[part] === unknownValue ||
      oldTarget[part].toLowerCase() !== newTarget[part].toLowerCase(),
  );
}

function sameTarget(a: DiskRestorePointTarget, b: DiskRestorePointTarget): boolean {
  return targetParts.every((part) => a[part].toLowerCase() === b[part].toLowerCase());
}
