import * as pulumi from "@pulumi/pulumi";
import type { BlobSnapshot } from "./copyLifecycle/blobSnapshots";
import { copyOutputNames } from "./copyLifecycle/copyInputs";
import type { FileFormat } from "./lifecycle/grantInputs";
import * as provider from "./providers/diskCopy";
import { assertTypeScriptCompatible } from "./typescriptCompatibility";

/**
 * The arguments of a {@link DiskCopy}: one source (`sourceId` or `sourceSasUrl`) and one
 * destination (`destinationBlobUrl` or `destinationDiskId`).
 */
export interface DiskCopyArgs {
  /**
   * The ARM id of the managed disk, snapshot or disk restore point to copy. The copy grants itself
   * read access for as long as it runs, and revokes it when it ends. A managed disk attached to a
   * running VM cannot be read: copy a snapshot of it. (A VM restore point holds several disks:
   * copy each of its disk restore points.) Another id into the same blob updates the copy in
   * place: only what changed, for a newer incremental snapshot of the same disk.
   */
  sourceId?: pulumi.Input<string>;
  /**
   * A SAS URL of the source that the program holds already, such as an entry of
   * {@link VmRestorePointAccess.disks} or the `accessSAS` of an access resource: the copy neither
   * grants nor revokes it, so it must last as long as the copy. Kept secret.
   */
  sourceSasUrl?: pulumi.Input<string>;
  /**
   * The page blob to copy into: `https://{account}.blob.core.windows.net/{container}/{name}.vhd`
   * (the cloud's storage suffix), or path-style `https://{host}/{account}/{container}/{name}` as
   * emulators and Azure Stack serve it. Written with the provider's own Azure credential: its
   * identity needs the role Storage Blob Data Contributor. An existing blob that holds anything but
   * this copy is refused unless `overwrite`.
   */
  destinationBlobUrl?: pulumi.Input<string>;
  /**
   * A managed disk created for upload to copy into (azure-native `compute.Disk` with `createOption:
   * "Upload"` and `uploadSizeBytes` the source's size), in any region or subscription the
   * credential reaches. The copy grants itself write access, and revokes it when done, which
   * finishes the upload.
   */
  destinationDiskId?: pulumi.Input<string>;
  /**
   * Replace a destination blob that holds something else.
   * @default false
   */
  overwrite?: pulumi.Input<boolean>;
  /**
   * After the copy, read both ends, compare their SHA-256 and record the destination's in
   * `sha256`. The bytes then pass through the machine that runs Pulumi, once per end.
   * @default false
   */
  verify?: pulumi.Input<boolean>;
  /**
   * The format of a source given by `sourceId`: disks with 4096-byte logical sectors need `"VHDX"`.
   * @default "VHD"
   */
  fileFormat?: pulumi.Input<FileFormat>;
  /**
   * How long each SAS the copy grants (of its source, of a destination disk) is valid: it is
   * granted again before it runs out, so this bounds how long a SAS outlives a copy cut short (a
   * killed process). From 10 seconds.
   * @default 3600
   */
  grantDurationInSeconds?: pulumi.Input<number>;
}

/**
 * A copy of a managed disk, snapshot or disk restore point into a page blob (a VHD in a storage
 * account) or into a managed disk created for upload, as part of a stack. The storage service
 * copies server-side (Put Page From URL), only the source's written ranges, paced per blob and
 * resumed where an earlier try stopped; no SAS the copy grants outlives it, or reaches the state.
 *
 * Creating it copies. Another `sourceId` into the same blob updates it in place: the blob first
 * keeps the earlier copy as a blob snapshot (listed in `blobSnapshots`), then only what changed is
 * copied when the source is a newer incremental snapshot of the same disk, else all of it. Any
 * other change of source or destination copies again (replacing); a disk takes one upload.
 * Deleting it deletes the blob it made with its snapshots (use `retainOnDelete: true` for
 * backups), and leaves a destination disk.
 *
 * @example
 * ```ts
 * const backup = new DiskCopy("nightly", {
 *   sourceId: snapshot.id,
 *   destinationBlobUrl: pulumi.interpolate`${account.primaryEndpoints.blob}backups/web01.vhd`,
 * }, { retainOnDelete: true });
 * export const copied = backup.copiedBytes;
 * ```
 */
export class DiskCopy extends pulumi.dynamic.Resource {
  /** What was copied: the source's ARM id, or the blob its SAS URL opens, without the SAS. */
  declare readonly source: pulumi.Output<string>;
  /** The source's size in bytes: the destination's too. */
  declare readonly sizeBytes: pulumi.Output<number>;
  /**
   * The bytes written: the source's data and the small gaps merged between its ranges; over an
   * earlier copy, what changed.
   */
  declare readonly copiedBytes: pulumi.Output<number>;
  /** The destination blob's URL without any SAS, or the destination disk's ARM id. */
  declare readonly destinationUrl: pulumi.Output<string>;
  /** When the copy was complete (ISO 8601). */
  declare readonly completedAt: pulumi.Output<string>;
  /** The SHA-256 of the destination's bytes (hex), with `verify`. */
  declare readonly sha256: pulumi.Output<string | undefined>;
  /** The earlier source since which the last copy wrote only what changed; absent after a full copy. */
  declare readonly incrementalFrom: pulumi.Output<string | undefined>;
  /** The destination blob's snapshots, oldest first: each an earlier copy, restorable. */
  declare readonly blobSnapshots: pulumi.Output<BlobSnapshot[] | undefined>;

  constructor(name: string, args: DiskCopyArgs, opts?: pulumi.CustomResourceOptions) {
    assertTypeScriptCompatible();
    const unset = Object.fromEntries(copyOutputNames.map((output) => [output, undefined]));
    super(
      provider,
      name,
      // A SAS handed in is secret in state however the program gives it.
      {
        ...unset,
        ...args,
        ...(args.sourceSasUrl !== undefined
          ? { sourceSasUrl: pulumi.secret(args.sourceSasUrl) }
          : {}),
      },
      pulumi.mergeOptions({ additionalSecretOutputs: ["sourceSasUrl"] }, opts),
      "azure-disk-sas",
      "DiskCopy",
    );
  }
}
