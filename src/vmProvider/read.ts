import type * as pulumi from "@pulumi/pulumi";
import { currentAzureSettings } from "../provider/configuration";
import { grantIsDue } from "../provider/expiry";
import { loadAzure } from "../provider/loadAzure";
import { parseVmRestorePointId, type VmRestorePointAccessOutputs } from "./inputs";

/**
 * Refreshes the resource: an expired grant, or a VM restore point that no longer exists, is
 * reported gone; the next `up` grants anew.
 */
export async function read(
  id: string,
  outputs: VmRestorePointAccessOutputs,
): Promise<pulumi.dynamic.ReadResult<VmRestorePointAccessOutputs>> {
  if (grantIsDue(outputs.expiresAt, 0, Date.now())) {
    return {};
  }
  const vm = parseVmRestorePointId(outputs.vmRestorePointId)!;
  const { createComputeClient, listDisks } = loadAzure();
  const settings = currentAzureSettings();
  const disks = await listDisks(await createComputeClient(settings, vm.subscriptionId), vm);
  return disks ? { id, props: outputs } : {};
}
