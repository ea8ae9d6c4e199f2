import type * as pulumi from "@pulumi/pulumi";
import type { ArmTarget } from "../armId";
import type { TargetKind } from "../kinds/targetKind";
import { nameProperties, parseTargetId } from "../kinds/targetPath";
import { currentAzureSettings } from "./configuration";
import { grantIsDue } from "./expiry";
import { grantSettingNames, unknownValue } from "./grantInputs";
import type { AccessInputs, AccessOutputs } from "./properties";

/**
 * Compares recorded outputs with new inputs. Any change to the target or to a grant setting
 * replaces the resource, deleting first: revoking acts on the disk, snapshot or restore point, not
 * on one SAS, so revoking the old grant after the new one would revoke the new SAS too. So does a
 * grant that has expired or expires within `renewBeforeSeconds` (replacing `expiresAt`, see
 * `grantIsDue`). A change to `revokeOnDelete` or `renewBeforeSeconds` alone is an update without
 * any Azure call.
 *
 * @param defaultSubscriptionId the subscription a target given by name falls back to.
 * @param now the time to judge expiry by, in milliseconds since the epoch.
 */
export function diffInputs(
  kind: TargetKind,
  olds: AccessOutputs,
  news: AccessInputs,
  defaultSubscriptionId: string | undefined,
  now = Date.now(),
): pulumi.dynamic.DiffResult {
  const replaces = changedTargetProperties(kind, olds, news, defaultSubscriptionId);
  for (const name of grantSettingNames) {
    const fallback = kind.settingDefaults[name];
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

/**
 * The target properties whose change moves the resource to another target. Ids and names compare
 * case-insensitively, as ARM does, and the names form may name the recorded target.
 */
function changedTargetProperties(
  kind: TargetKind,
  olds: AccessOutputs,
  news: AccessInputs,
  defaultSubscriptionId: string | undefined,
): string[] {
  const { idProperty } = kind.path;
  const oldTarget = parseTargetId(kind.path, String(olds[idProperty]));
  const newId = news[idProperty];
  if (newId !== undefined) {
    const newTarget =
      typeof newId === "string" && newId !== unknownValue
        ? parseTargetId(kind.path, newId)
        : undefined;
    return oldTarget && newTarget && sameTarget(oldTarget, newTarget) ? [] : [idProperty];
  }
  const parts = ["subscriptionId", ...nameProperties(kind.path)];
  const oldParts = oldTarget
    ? [oldTarget.subscriptionId, oldTarget.resourceGroupName, ...oldTarget.names]
    : [];
  const newParts = [
    news["subscriptionId"] ?? defaultSubscriptionId ?? oldTarget?.subscriptionId,
    ...nameProperties(kind.path).map((name) => news[name]),
  ];
  return parts.filter((_, i) => {
    const value = newParts[i];
    return (
      typeof value !== "string" ||
      value === unknownValue ||
      oldParts[i]?.toLowerCase() !== value.toLowerCase()
    );
  });
}

function sameTarget(a: ArmTarget, b: ArmTarget): boolean {
  const parts = (t: ArmTarget) => [t.subscriptionId, t.resourceGroupName, ...t.names];
  return parts(a).every((part, i) => part.toLowerCase() === parts(b)[i]?.toLowerCase());
}

/** The provider's `diff`: {@link diffInputs} with the subscription in force now. */
export function diff(
  kind: TargetKind,
  olds: AccessOutputs,
  news: AccessInputs,
): pulumi.dynamic.DiffResult {
  return diffInputs(kind, olds, news, currentAzureSettings().subscriptionId);
}
