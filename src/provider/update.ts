import type * as pulumi from "@pulumi/pulumi";
import type { DiskRestorePointAccessInputs, DiskRestorePointAccessOutputs } from "./inputs";
import { withoutUndefined } from "./properties";

/**
 * Applies the one change that needs no Azure call, `revokeOnDelete`: every other change replaces
 * the resource (see `diff`).
 */
export async function update(
  _id: string,
  olds: DiskRestorePointAccessOutputs,
  news: DiskRestorePointAccessInputs,
): Promise<pulumi.dynamic.UpdateResult<DiskRestorePointAccessOutputs>> {
  const { __provider: _engineOwned, ...recorded } = olds as DiskRestorePointAccessOutputs & {
    __provider?: string;
  };
  return { outs: withoutUndefined({ ...recorded, revokeOnDelete: news.revokeOnDelete }) };
}
