import type * as pulumi from "@pulumi/pulumi";
import { withoutUndefined } from "../withoutUndefined";
import type { AccessInputs, AccessOutputs } from "./properties";

/**
 * Applies the changes that need no Azure call, `revokeOnDelete` and `renewBeforeSeconds`: every
 * other change replaces the resource (see `diff`).
 */
export async function update(
  olds: AccessOutputs,
  news: AccessInputs,
): Promise<pulumi.dynamic.UpdateResult<AccessOutputs>> {
  const { __provider: _engineOwned, ...recorded } = olds;
  return {
    outs: withoutUndefined({
      ...recorded,
      revokeOnDelete: news.revokeOnDelete,
      renewBeforeSeconds: news.renewBeforeSeconds,
    }),
  };
}
