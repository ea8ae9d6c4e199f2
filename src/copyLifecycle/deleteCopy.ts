import { currentAzureSettings } from "../lifecycle/configuration";
import { loadAzure, loadPageBlob } from "../lifecycle/loadAzure";
import { copyMetadata } from "./copyDestination";
import type { DiskCopyOutputs } from "./copyInputs";

/**
 * Deletes what the copy made: the destination blob, as long as it still holds this copy (a blob
 * that another copy or writer has taken over since is left alone). A destination disk belongs to
 * its own resource and is left as it is. `retainOnDelete: true` keeps the blob.
 */
export async function deleteCopy(outputs: DiskCopyOutputs): Promise<void> {
  if (outputs.destinationBlobUrl === undefined) {
    return;
  }
  const settings = currentAzureSettings();
  const azure = loadAzure();
  const { PageBlob } = loadPageBlob();
  const credential = azure.createCredential(settings, await azure.resolveCloud(settings));
  const blob = new PageBlob(outputs.destinationBlobUrl, credential);
  const state = await blob.state();
  if (state?.metadata[copyMetadata.source] === outputs.source) {
    await blob.delete();
  }
}
