/**
 * The dynamic provider of `VmRestorePointAccess`, stored in state as
 * `require("pulumi-azure-disk-sas/vm-provider")` of the installed package.
 *
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import type { VmRestorePointAccessInputs, VmRestorePointAccessOutputs } from "./inputs";
import { validateVmInputs } from "./validateInputs";

export { configure } from "../provider/configuration";
export { create } from "./create";
export { deleteVmAccess as delete } from "./delete";
export { diff } from "./diff";
export { read } from "./read";

/** Refuses bad inputs at `pulumi preview`. */
export async function check(
  _olds: VmRestorePointAccessInputs,
  news: VmRestorePointAccessInputs,
): Promise<pulumi.dynamic.CheckResult<VmRestorePointAccessInputs>> {
  return { inputs: news, failures: validateVmInputs(news as unknown as Record<string, unknown>) };
}

/** Applies `revokeOnDelete`, the one change that needs no Azure call. */
export async function update(
  _id: string,
  olds: VmRestorePointAccessOutputs,
  news: VmRestorePointAccessInputs,
): Promise<pulumi.dynamic.UpdateResult<VmRestorePointAccessOutputs>> {
  const { __provider: _engineOwned, ...recorded } = olds as VmRestorePointAccessOutputs & {
    __provider?: string;
  };
  const outs = { ...recorded, revokeOnDelete: news.revokeOnDelete };
  if (news.revokeOnDelete === undefined) {
    delete outs.revokeOnDelete;
  }
  return { outs };
}
