import { parseArmId } from "../armId";
import {
  accessTarget,
  accessTargetPaths,
  type AccessTarget,
  type AccessTargetType,
} from "../azure/accessTarget";
import type { FileFormat } from "../lifecycle/grantInputs";
import type { BlobSnapshot } from "./blobSnapshots";

/** The plain input properties the provider receives for a `DiskCopy`. */
export interface DiskCopyInputs {
  /** The ARM id of a managed disk, a snapshot or a disk restore point to copy (granted here). */
  sourceId?: string;
  /** A SAS URL of the source that the program holds (neither granted nor revoked here). */
  sourceSasUrl?: string;
  /** The page blob to copy into, written with the provider's own credential. */
  destinationBlobUrl?: string;
  /** A managed disk created for upload to copy into. */
  destinationDiskId?: string;
  /** Replace a blob that holds something else. */
  overwrite?: boolean;
  /** Read and hash both ends after the copy. */
  verify?: boolean;
  /** The format of a source granted here. */
  fileFormat?: FileFormat;
  /** How long each SAS the copy grants lives; it is granted again before it runs out. */
  grantDurationInSeconds?: number;
}

/** The properties recorded for a `DiskCopy` once the copy is done. */
export interface DiskCopyOutputs extends Omit<DiskCopyInputs, "sourceSasUrl"> {
  /** What was copied: the source's ARM id, or the blob its SAS URL opens, without the SAS. */
  source: string;
  /** The source's size in bytes: the destination's too. */
  sizeBytes: number;
  /** The bytes written: the source's data and the small gaps merged in it; or what changed. */
  copiedBytes: number;
  /** The destination blob's URL, without any SAS, or the destination disk's ARM id. */
  destinationUrl: string;
  /** When the copy was complete (ISO 8601). */
  completedAt: string;
  /** The SHA-256 of the destination's bytes (hex), when `verify` asked for it. */
  sha256?: string;
  /** The earlier source since which the last copy wrote only what changed; absent for a full copy. */
  incrementalFrom?: string;
  /** A destination blob's snapshots, each an earlier copy kept before the blob changed. */
  blobSnapshots?: BlobSnapshot[];
}

/** Every input a `DiskCopy` takes, in the order they are documented. */
export const copyInputNames = [
  "sourceId",
  "sourceSasUrl",
  "destinationBlobUrl",
  "destinationDiskId",
  "overwrite",
  "verify",
  "fileFormat",
  "grantDurationInSeconds",
] as const satisfies readonly (keyof DiskCopyInputs)[];

/** The outputs of a `DiskCopy` besides its inputs. */
export const copyOutputNames = [
  "source",
  "sizeBytes",
  "copiedBytes",
  "destinationUrl",
  "completedAt",
  "sha256",
  "incrementalFrom",
  "blobSnapshots",
] as const;

/** How long each SAS a copy grants lives, unless `grantDurationInSeconds` says otherwise. */
export const defaultGrantDurationInSeconds = 3600;

/** The kinds of source a copy grants itself: what `sourceId` may name. */
export const sourceTypes = [
  "disk",
  "snapshot",
  "diskRestorePoint",
] as const satisfies readonly AccessTargetType[];

/** The source `sourceId` names, or `undefined` when it names none that a copy takes. */
export function sourceTarget(sourceId: string): AccessTarget | undefined {
  for (const type of sourceTypes) {
    const target = parseArmId(accessTargetPaths[type], sourceId);
    if (target) {
      return accessTarget(type, target);
    }
  }
  return undefined;
}

/** The managed disk `destinationDiskId` names, or `undefined`. */
export function destinationDiskTarget(diskId: string): AccessTarget | undefined {
  const target = parseArmId(accessTargetPaths.disk, diskId);
  return target && accessTarget("disk", target);
}

/**
 * The blob a SAS URL opens, without its SAS: the URL's origin and path, and the `snapshot=` of a
 * snapshot's SAS. Two SAS URLs of the same blob name the same source.
 */
export function blobOfSasUrl(sasUrl: string): string {
  const url = new URL(sasUrl);
  const snapshot = url.searchParams.get("snapshot");
  return `${url.origin}${url.pathname}${snapshot ? `?snapshot=${snapshot}` : ""}`;
}

/** What a copy's source is, as its outputs record it: the ARM id, or the SAS URL's blob. */
export function sourceOf(inputs: DiskCopyInputs): string {
  return inputs.sourceId !== undefined
    ? inputs.sourceId
    : blobOfSasUrl(String(inputs.sourceSasUrl));
}

/** Keeps only the known inputs that have a value. */
export function pickCopyInputs(properties: object): DiskCopyInputs {
  const source = properties as Record<string, unknown>;
  return Object.fromEntries(
    copyInputNames.filter((name) => source[name] !== undefined).map((name) => [name, source[name]]),
  );
}
