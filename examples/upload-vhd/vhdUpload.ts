import * as pulumi from "@pulumi/pulumi";

/** What a {@link VhdUpload} needs: the Write SAS of a disk created for upload, and the VHD file. */
export interface VhdUploadArgs {
  /** The disk's Write SAS (`ManagedDiskAccess` with `access: "Write"`). */
  sasUrl: pulumi.Input<string>;
  /** A fixed-size VHD of the disk's `uploadSizeBytes`. */
  vhdPath: pulumi.Input<string>;
  /** The file's SHA-256: when it changes, the file is uploaded again. */
  sha256: pulumi.Input<string>;
}

interface Inputs {
  sasUrl: string;
  vhdPath: string;
  sha256: string;
}

/** The largest write a page blob takes at once. */
const chunkBytes = 4 * 1024 * 1024;

/**
 * Uploads a VHD file into a disk through its Write SAS, as `azcopy` does: the disk's data is a page
 * blob of the VHD's exact size, written in chunks of at most 4 MiB, all-zero chunks skipped (a new
 * disk reads zeros). Deleting it does nothing: revoking the disk's access finishes the upload.
 */
const vhdUploadProvider: pulumi.dynamic.ResourceProvider<Inputs> = {
  async create(inputs) {
    // Plain requires: the provider runs as serialized code in the dynamic-provider plugin.
    const { AnonymousCredential, PageBlobClient } =
      require("@azure/storage-blob") as typeof import("@azure/storage-blob");
    const { readFile } = require("node:fs/promises") as typeof import("node:fs/promises");
    const vhd = await readFile(inputs.vhdPath);
    const blob = new PageBlobClient(inputs.sasUrl, new AnonymousCredential());
    let uploaded = 0;
    for (let offset = 0; offset < vhd.length; offset += chunkBytes) {
      const chunk = vhd.subarray(offset, Math.min(offset + chunkBytes, vhd.length));
      if (chunk.some((byte) => byte !== 0)) {
        await blob.uploadPages(chunk, offset, chunk.length);
        uploaded += chunk.length;
      }
    }
    return { id: inputs.sha256, outs: { ...inputs, bytes: vhd.length, uploadedBytes: uploaded } };
  },
  async diff(_id, olds, news) {
    const changed = olds.sha256 !== news.sha256 || olds.sasUrl !== news.sasUrl;
    return { changes: changed, replaces: changed ? ["sha256"] : [] };
  },
};

/** A VHD file uploaded into a disk created for upload, through its Write SAS. */
export class VhdUpload extends pulumi.dynamic.Resource {
  declare readonly bytes: pulumi.Output<number>;
  declare readonly uploadedBytes: pulumi.Output<number>;

  constructor(name: string, args: VhdUploadArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      vhdUploadProvider,
      name,
      { ...args, bytes: undefined, uploadedBytes: undefined },
      pulumi.mergeOptions({ additionalSecretOutputs: ["sasUrl"] }, opts),
      "upload-vhd",
      "VhdUpload",
    );
  }
}
