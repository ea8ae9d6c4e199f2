import { currentAzureSettings } from "../lifecycle/configuration";
import { maskSasSignatures } from "../redact";
import { copyMetadata, updatedFrom } from "./copyDestination";
import type { DiskCopyOutputs } from "./copyInputs";
import { signedInBlob } from "./signedInBlob";

/**
 * Deletes what the copy made: the destination blob with its snapshots, as long as it still holds
 * this copy or an unfinished update of it (a blob that another copy or writer has taken over since
 * is left alone). A destination disk belongs to
 * its own resource and is left as it is. `retainOnDelete: true` keeps the blob.
 */
export async function deleteCopy(outputs: DiskCopyOutputs): Promise<void> {
  if (outputs.destinationBlobUrl === undefined) {
    return;
  }
  try {
    const blob = await signedInBlob(outputs.destinationBlobUrl, currentAzureSettings());
    const state = await blob.state();
    // The blob holds this copy, or an update of it that did not finish.
    if (
      state &&
      (state.metadata[copyMetadata.source] === outputs.source || updatedFrom(state, outputs.source))
    ) {
      await blob.delete();
    }
  } catch (error) {
    throw new Error(
      maskSasSignatures(
        `Could not delete the copy ${outputs.destinationBlobUrl}: ${error instanceof Error ? error.message : String(error)}. It stays in the stack: run pulumi destroy again once the storage account answers, or keep the blob with pulumi state delete.`,
      ),
      { cause: error },
    );
  }
}
