import type * as pulumi from "@pulumi/pulumi";
import { currentAzureSettings } from "../lifecycle/configuration";
import { loadAzure } from "../lifecycle/loadAzure";
import { maskSasSignatures } from "../redact";
import { listBlobSnapshots } from "./blobSnapshots";
import { copyMetadata, updatedFrom } from "./copyDestination";
import { destinationDiskTarget, type DiskCopyOutputs } from "./copyInputs";
import { signedInBlob } from "./signedInBlob";

/** The states of a disk that has not taken an upload yet, or is taking one: no copy in it. */
const awaitingUpload = new Set(["ReadyToUpload", "ActiveUpload"]);

/**
 * Refreshes a copy: it stands for the copy its destination holds, so it is reported gone (and the
 * next `up` copies again) once the destination blob is gone or holds something else (another
 * source, a copy not complete, another size), or the destination disk is gone or waits for an
 * upload again (a disk created anew). An update of the copy that did not finish leaves it standing,
 * for the next `up` to go on. A blob's snapshots are listed again.
 */
export async function refreshCopy(
  id: string,
  outputs: DiskCopyOutputs,
): Promise<pulumi.dynamic.ReadResult<DiskCopyOutputs>> {
  const settings = currentAzureSettings();
  try {
    if (outputs.destinationBlobUrl !== undefined) {
      const blob = await signedInBlob(outputs.destinationBlobUrl, settings);
      const state = await blob.state();
      const holdsCopy =
        state?.size === outputs.sizeBytes &&
        state.metadata[copyMetadata.source] === outputs.source &&
        state.metadata[copyMetadata.state] === "complete";
      // An update of this copy that did not finish: the copy stands until the next up goes on.
      const updating = state !== undefined && updatedFrom(state, outputs.source);
      if (!holdsCopy && !updating) {
        return {};
      }
      // Snapshots deleted since (by hand, or a lifecycle policy) leave the list.
      return {
        id,
        props: { ...outputs, blobSnapshots: await listBlobSnapshots(blob, outputs.destinationUrl) },
      };
    }
    const azure = loadAzure();
    const disk = destinationDiskTarget(String(outputs.destinationDiskId))!;
    const facts = await azure.readDiskFacts(
      await azure.createComputeClient(settings, disk.subscriptionId),
      disk,
    );
    return facts && !awaitingUpload.has(String(facts.diskState)) ? { id, props: outputs } : {};
  } catch (error) {
    throw new Error(
      maskSasSignatures(
        `Could not read the copy in ${outputs.destinationUrl}: ${error instanceof Error ? error.message : String(error)}`,
      ),
      { cause: error },
    );
  }
}
