import type * as pulumi from "@pulumi/pulumi";
import { grantIsDue } from "../provider/expiry";
import type { VmRestorePointAccessInputs, VmRestorePointAccessOutputs } from "./inputs";

const grantSettings = [
  "vmRestorePointId",
  "access",
  "durationInSeconds",
  "fileFormat",
  "getSecureVMGuestStateSAS",
] as const;

/**
 * Compares recorded outputs with new inputs. Any change but `revokeOnDelete` replaces the resource,
 * revoking every disk before granting anew, and so do grants that have expired (replacing
 * `expiresAt`); `revokeOnDelete` alone is an update without any Azure call.
 *
 * @param now the time to judge expiry by, in milliseconds since the epoch.
 */
export function diffVmInputs(
  olds: VmRestorePointAccessOutputs,
  news: VmRestorePointAccessInputs,
  now = Date.now(),
): pulumi.dynamic.DiffResult {
  const replaces: string[] = grantSettings.filter((name) => olds[name] !== news[name]);
  if (grantIsDue(olds.expiresAt, 0, now)) {
    replaces.push("expiresAt");
  }
  const inPlace = (olds.revokeOnDelete ?? true) !== (news.revokeOnDelete ?? true);
  return { changes: replaces.length > 0 || inPlace, replaces, deleteBeforeReplace: true };
}

/** The provider's `diff`: {@link diffVmInputs} now. */
export async function diff(
  _id: string,
  olds: VmRestorePointAccessOutputs,
  news: VmRestorePointAccessInputs,
): Promise<pulumi.dynamic.DiffResult> {
  return diffVmInputs(olds, news);
}
