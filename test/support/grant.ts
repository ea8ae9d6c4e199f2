import assert from "node:assert/strict";
import type {
  DiskRestorePointAccessInputs,
  DiskRestorePointAccessOutputs,
} from "../../src/kinds/diskRestorePoint";
import * as provider from "../../src/providers/diskRestorePoint";

/** Runs the provider's `create` and returns its id and outputs, failing if it returned no outputs. */
export async function grant(
  inputs: DiskRestorePointAccessInputs,
): Promise<{ id: string; outs: DiskRestorePointAccessOutputs }> {
  const { id, outs } = await provider.create(inputs);
  assert.ok(outs, "create returned no outputs");
  return { id, outs: outs as unknown as DiskRestorePointAccessOutputs };
}
