import type * as pulumi from "@pulumi/pulumi";
import { currentAzureSettings } from "./configuration";
import { grantIsDue } from "./expiry";
import type { DiskRestorePointAccessOutputs } from "./inputs";
import { resolveTarget } from "./target";
import { loadAzure } from "./loadAzure";

/**
 * Refreshes the resource: a grant that has expired grants nothing any more, and a disk restore
 * point that no longer exists takes its access with it, so either is reported gone (no id); the next
 * `up` grants anew. Otherwise the recorded outputs stand: Azure cannot read a SAS back.
 */
export async function read(
  id: string,
  outputs: DiskRestorePointAccessOutputs,
): Promise<pulumi.dynamic.ReadResult<DiskRestorePointAccessOutputs>> {
  if (grantIsDue(outputs.expiresAt, 0, Date.now())) {
    return {};
  }
  const settings = currentAzureSettings();
  const target = resolveTarget({ diskRestorePointId: outputs.diskRestorePointId }, undefined);
  const { createComputeClient, diskRestorePointExists } = loadAzure();
  const exists = await diskRestorePointExists(
    await createComputeClient(settings, target.subscriptionId),
    target,
  );
  return exists ? { id, props: outputs } : {};
}
