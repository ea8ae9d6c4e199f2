import type * as pulumi from "@pulumi/pulumi";
import type { DiskRestorePointAccessInputs, DiskRestorePointAccessOutputs } from "./inputs";
import { withoutUndefined } from "./properties";

/**
 * Applies the changes that need no Azure call, `revokeOnDelete` and `renewBeforeSeconds`: every
 * other change replaces the resource (see `diff`).
 */
export async function update(
  _id: string,
  olds: DiskRestorePointAccessOutputs,
  news: DiskRestorePointAccessInputs,
): Promise<pulumi.dynamic.UpdateResult<DiskRestorePointAccessOutputs>> {
  const { __provider: _engineOwned, ...recorded } = olds as DiskRestorePointAccessOutputs & {
    __provider?: string;
  };
  return {
    outs: withoutUndefined({
      ...recorded,
      revokeOnDelete: news.revokeOnDelete,
      renewBeforeSeconds: news.renewBeforeSeconds,
    }),
  };
}
