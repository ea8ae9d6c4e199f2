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
export { read } from "./read";

/** Refuses bad inputs at `pulumi preview`. */
export async function check(
  _olds: VmRestorePointAccessInputs,
  news: VmRestorePointAccessInputs,
): Promise<pulumi.dynamic.CheckResult<VmRestorePointAccessInputs>> {
  return { inputs: news, failures: validateVmInputs(news as unknown as Record<string, unknown>) };
}

/**
 * Any change but `revokeOnDelete` replaces the resource, revoking every disk before granting anew;
 * `revokeOnDelete` alone is an update without any Azure call.
 */
export async function diff(
  _id: string,
  olds: VmRestorePointAccessOutputs,
  news: VmRestorePointAccessInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const replaces = (
    [
      "vmRestorePointId",
      "access",
      "durationInSeconds",
      "fileFormat",
      "getSecureVMGuestStateSAS",
    ] as const
  ).filter((name) => olds[name] !== news[name]);
  const inPlace = (olds.revokeOnDelete ?? true) !== (news.revokeOnDelete ?? true);
  return { changes: replaces.length > 0 || inPlace, replaces, deleteBeforeReplace: true };
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
