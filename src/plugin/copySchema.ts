import { copyInputNames, copyOutputNames } from "../copyLifecycle/copyInputs";
import { packageName } from "./pluginResources";

/** A property of the schema: its type, description and attributes. */
type PropertySpec = Record<string, unknown>;

const fileFormatType = { $ref: `#/types/${packageName}:index:FileFormat` };

/** The properties of `DiskCopy`, as every language's SDK shows them. */
const copyProperties: Record<
  (typeof copyInputNames)[number] | (typeof copyOutputNames)[number],
  PropertySpec
> = {
  sourceId: {
    type: "string",
    description:
      "The ARM id of the managed disk, snapshot or disk restore point to copy. The copy grants itself read access for as long as it runs and revokes it when it ends. A disk attached to a running VM cannot be read: copy a snapshot of it. Give it, or sourceSasUrl. Another source into the same blob updates the copy in place: only what changed when it is a newer incremental snapshot of the same disk, else in full; the blob keeps the earlier copy as a snapshot first. Another source into a disk replaces the copy.",
  },
  sourceSasUrl: {
    type: "string",
    secret: true,
    description:
      "A SAS URL of the source that the program holds, such as an entry of VmRestorePointAccess.disks: the copy neither grants nor revokes it, so it must last as long as the copy. A fresh SAS of the same blob is the same source. Secret.",
  },
  destinationBlobUrl: {
    type: "string",
    replaceOnChanges: true,
    description:
      "The page blob to copy into: https://{account}.blob.{storage suffix}/{container}/{name}.vhd, or path-style https://{host}/{account}/{container}/{name}. Written with the provider's own credential, whose identity needs the role Storage Blob Data Contributor. An existing blob that holds anything but this copy is refused unless overwrite. Give it, or destinationDiskId.",
  },
  destinationDiskId: {
    type: "string",
    replaceOnChanges: true,
    description:
      "The ARM id of a managed disk created for upload (createOption Upload, uploadSizeBytes the source's size), in any region or subscription the credential reaches. The copy grants itself write access and revokes it when done, which finishes the upload.",
  },
  overwrite: {
    type: "boolean",
    description: "Replace a destination blob that holds something else. Default: false.",
  },
  verify: {
    type: "boolean",
    description:
      "After the copy, read both ends, compare their SHA-256 and record the destination's in sha256 (the bytes then pass through the machine that runs Pulumi). Default: false.",
  },
  fileFormat: {
    ...fileFormatType,
    replaceOnChanges: true,
    description:
      "The format of a source given by sourceId: disks with 4096-byte logical sectors need VHDX. Default: VHD.",
  },
  grantDurationInSeconds: {
    type: "integer",
    description:
      "How long each SAS the copy grants is valid (from 10 seconds); it is granted again before it runs out, so this bounds how long a SAS outlives a copy cut short. Default: 3600.",
  },
  source: {
    type: "string",
    description:
      "What was copied: the source's ARM id, or the blob its SAS URL opens, without the SAS.",
  },
  sizeBytes: { type: "number", description: "The source's size in bytes: the destination's too." },
  copiedBytes: {
    type: "number",
    description:
      "The bytes written: the source's data and the small gaps merged between its ranges; over an earlier copy, what changed.",
  },
  destinationUrl: {
    type: "string",
    description: "The destination blob's URL without any SAS, or the destination disk's ARM id.",
  },
  completedAt: { type: "string", description: "When the copy was complete (ISO 8601)." },
  sha256: {
    type: "string",
    description: "The SHA-256 of the destination's bytes (hex), when verify asked for it.",
  },
  incrementalFrom: {
    type: "string",
    description:
      "The earlier source since which the last copy wrote only what changed; absent after a copy in full.",
  },
  blobSnapshots: {
    type: "array",
    items: { $ref: `#/types/${packageName}:index:BlobSnapshot` },
    description:
      "The destination blob's snapshots, oldest first: each an earlier copy, kept before the blob changed. Deleting the DiskCopy deletes them with the blob; retainOnDelete keeps them all.",
  },
};

/** The schema of `DiskCopy`: its inputs, and its outputs besides them. */
export function copyResourceSchema(description: string): Record<string, unknown> {
  const pick = (names: readonly string[]) =>
    Object.fromEntries(
      names.map((name) => [name, copyProperties[name as keyof typeof copyProperties]]),
    );
  return {
    description,
    inputProperties: pick(copyInputNames),
    requiredInputs: [],
    properties: pick([...copyInputNames, ...copyOutputNames]),
    required: ["source", "sizeBytes", "copiedBytes", "destinationUrl", "completedAt"],
  };
}
