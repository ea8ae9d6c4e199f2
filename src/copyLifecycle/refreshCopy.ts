import type * as pulumi from "@pulumi/pulumi";
import { currentAzureSettings } from "../lifecycle/configuration";
import { loadAzure, loadPageBlob } from "../lifecycle/loadAzure";
import { copyMetadata } from "./copyDestination";
import { destinationDiskTarget, type DiskCopyOutputs } from "./copyInputs";

/**
 * Refreshes a copy: it stands for the copy its destination holds, so it is reported gone (and the
 * next `up` copies again) once the destination blob is gone or holds something else (another
 * source, a copy not complete, another size), or the destination disk is gone.
 */
export async function refreshCopy(
  id: string,
  outputs: DiskCopyOutputs,
): Promise<pulumi.dynamic.ReadResult<DiskCopyOutputs>> {
  const settings = currentAzureSettings();
  const azure = loadAzure();
  if (outputs.destinationBlobUrl !== undefined) {
    const { PageBlob } = loadPageBlob();
    const credential = azure.createCredential(settings, await azure.resolveCloud(settings));
    const state = await new PageBlob(outputs.destinationBlobUrl, credential).state();
    const holdsCopy =
      state?.size === outputs.sizeBytes &&
      state.metadata[copyMetadata.source] === outputs.source &&
      state.metadata[copyMetadata.state] === "complete";
    return holdsCopy ? { id, props: outputs } : {};
  }
  const disk = destinationDiskTarget(String(outputs.destinationDiskId))!;
  const facts = await azure.readUploadFacts(
    await azure.createComputeClient(settings, disk.subscriptionId),
    disk,
  );
  return facts ? { id, props: outputs } : {};
}
