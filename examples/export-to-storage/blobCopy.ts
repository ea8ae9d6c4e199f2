import * as pulumi from "@pulumi/pulumi";

/** What a {@link BlobCopy} needs: where from (a SAS URL), where to, and the key to write there. */
export interface BlobCopyArgs {
  /** A URL the storage service can read the source from: here, the disk restore point's SAS. */
  sourceUrl: pulumi.Input<string>;
  /** The blob to create: `https://{account}.blob.core.windows.net/{container}/{blob}`. */
  destinationUrl: pulumi.Input<string>;
  accountName: pulumi.Input<string>;
  accountKey: pulumi.Input<string>;
}

interface Inputs {
  sourceUrl: string;
  destinationUrl: string;
  accountName: string;
  accountKey: string;
}

/**
 * A server-side copy into a blob (`Copy Blob` from a URL): the storage service reads the source
 * itself, so the disk never passes through the pipeline. Create waits until the copy succeeds; the
 * copied blob stays when the stack is destroyed.
 */
const blobCopyProvider: pulumi.dynamic.ResourceProvider<Inputs> = {
  async create(inputs) {
    // A plain require: the provider runs as serialized code in the dynamic-provider plugin.
    const { BlobClient, StorageSharedKeyCredential } =
      require("@azure/storage-blob") as typeof import("@azure/storage-blob");
    const destination = new BlobClient(
      inputs.destinationUrl,
      new StorageSharedKeyCredential(inputs.accountName, inputs.accountKey),
    );
    const poller = await destination.beginCopyFromURL(inputs.sourceUrl, { intervalInMs: 500 });
    const copied = await poller.pollUntilDone();
    if (copied.copyStatus !== "success") {
      throw new Error(`The copy into ${inputs.destinationUrl} ended ${copied.copyStatus}.`);
    }
    const { contentLength } = await destination.getProperties();
    return {
      id: inputs.destinationUrl,
      outs: { blobUrl: inputs.destinationUrl, bytes: contentLength, copyId: copied.copyId },
    };
  },
};

/** A server-side copy of a SAS-readable blob into a storage account. */
export class BlobCopy extends pulumi.dynamic.Resource {
  declare readonly blobUrl: pulumi.Output<string>;
  declare readonly bytes: pulumi.Output<number>;

  constructor(name: string, args: BlobCopyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      blobCopyProvider,
      name,
      { ...args, blobUrl: undefined, bytes: undefined, copyId: undefined },
      pulumi.mergeOptions({ additionalSecretOutputs: ["sourceUrl", "accountKey"] }, opts),
      "export-to-storage",
      "BlobCopy",
    );
  }
}
