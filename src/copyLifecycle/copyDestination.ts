import { accessTargetNouns } from "../azure/accessTarget";
import { DiskCopyError } from "../azure/copyError";
import type { BlobState, PageBlob } from "../azure/pageBlob";
import type { AzureSettings } from "../azure/settings";
import type { ByteRange } from "../copy/byteRange";
import { loadAzure } from "../lifecycle/loadAzure";
import { destinationDiskTarget, type DiskCopyInputs } from "./copyInputs";
import { currentBlob } from "./currentBlob";
import { GrantLease } from "./grantLease";
import { signedInBlob } from "./signedInBlob";

/** The metadata with which a destination blob names the copy it holds, and how far it got. */
export const copyMetadata = {
  /** The source the blob is a copy of (`DiskCopyOutputs.source`). */
  source: "diskcopysource",
  /** `copying` until the copy is complete, then `complete`. */
  state: "diskcopystate",
  /** A copy of only what changed: the earlier source whose copy the blob held. */
  from: "diskcopyfrom",
  /** A copy over an earlier one, in full or not: the earlier source. */
  over: "diskcopyover",
  /** When the copy was complete. */
  completedAt: "diskcopycompletedat",
  /** When the source snapshot was taken, where Azure says. */
  sourceCreatedAt: "diskcopysourcetime",
} as const;

/** A copy of a new source into a blob that holds the copy of an earlier one. */
export interface CopyOver {
  /** The earlier source (`DiskCopyOutputs.source`). */
  previous: string;
  /** Whether only what changed since `previous` is to be written. */
  incremental: boolean;
}

/** How a blob destination is opened: over an earlier copy, and what its metadata records. */
export interface BlobOptions {
  over?: CopyOver;
  /** When the source snapshot was taken, kept with the copy (and its blob snapshots). */
  sourceCreatedAt?: string;
}

/** Where a copy writes to, opened for this copy. */
export interface CopyDestination {
  /** The destination as messages name it. */
  description: string;
  /** What the outputs record: the blob's URL without any SAS, or the disk's ARM id. */
  url: string;
  /** The blob to write now (a disk's changes when its SAS is granted again). */
  blob(): PageBlob;
  /**
   * Puts a new SAS in place after the destination refused a request sent at `sentAt`; `false`
   * where the copy signs in.
   */
  renew(sentAt?: number): Promise<boolean>;
  /** What an earlier try of this same copy wrote already, or `complete` when it finished. */
  held: ByteRange[] | "complete";
  /**
   * The earlier source whose complete copy the destination holds, when only what changed since it
   * is to be written.
   */
  incrementalFrom?: string;
  /** Starts a copy in full over what is there (a blob made empty). */
  startOver(): Promise<void>;
  /** Marks the copy complete: a blob's metadata says so; a disk's upload is finished (revoked). */
  finish(): Promise<void>;
  /** Leaves the destination for the next try, and says how it stays. */
  leave(): string;
}

/**
 * Opens a copy's destination for a source of `size` bytes: a page blob (created, or resumed when
 * it holds an earlier try of this copy, or replaced with `overwrite`), or a managed disk waiting
 * for an upload of exactly that size (granted `Write` for as long as the copy runs). A copy over
 * the complete copy of an earlier source first keeps the blob as it is as a snapshot of it; over
 * an update from that source that did not finish, it goes on from there (the snapshot is taken).
 *
 * @param source what the copy is of (`DiskCopyOutputs.source`): the blob's metadata records it.
 * @param sourceDescription the source as messages name it.
 */
export async function openDestination(
  inputs: DiskCopyInputs,
  settings: AzureSettings,
  size: number,
  source: string,
  sourceDescription: string,
  durationInSeconds: number,
  options: BlobOptions = {},
): Promise<CopyDestination> {
  const refuse = (destination: string, reason: string, hint: string) =>
    new DiskCopyError({
      code: "CopyRefused",
      source: sourceDescription,
      destination,
      reason,
      hint,
    });
  if (inputs.destinationBlobUrl !== undefined) {
    return openBlob(
      inputs.destinationBlobUrl,
      inputs.overwrite === true,
      settings,
      size,
      source,
      refuse,
      options,
    );
  }
  return openDisk(String(inputs.destinationDiskId), settings, size, durationInSeconds, refuse);
}

type Refuse = (destination: string, reason: string, hint: string) => DiskCopyError;

async function openBlob(
  url: string,
  overwrite: boolean,
  settings: AzureSettings,
  size: number,
  source: string,
  refuse: Refuse,
  { over, sourceCreatedAt }: BlobOptions,
): Promise<CopyDestination> {
  const blob = await signedInBlob(url, settings);
  const state = await blob.state();
  // A full copy's metadata (over an earlier copy: which), and that of a copy of what changed.
  const full: Record<string, string> = {
    [copyMetadata.source]: source,
    [copyMetadata.state]: "copying",
    ...(sourceCreatedAt ? { [copyMetadata.sourceCreatedAt]: sourceCreatedAt } : {}),
    ...(over ? { [copyMetadata.over]: over.previous } : {}),
  };
  const changesOnly = { ...full, [copyMetadata.from]: over?.previous ?? "" };
  let metadata = full;
  let held: ByteRange[] | "complete" = [];
  let incrementalFrom: string | undefined;
  const was = (key: string) => state?.metadata[key];
  const copying = was(copyMetadata.state) !== "complete";
  if (state && was(copyMetadata.source) === source && state.size === size) {
    if (!copying) {
      held = "complete";
      incrementalFrom = was(copyMetadata.from);
    } else if (was(copyMetadata.from) === undefined) {
      held = await blob.writtenRanges(); // A full copy's earlier try: it goes on.
    } else if (over?.incremental && was(copyMetadata.from) === over.previous) {
      incrementalFrom = over.previous; // An earlier try of the same changes: written again.
      metadata = changesOnly;
    } else {
      await blob.create(size, full, true);
    }
  } else if (
    state &&
    over &&
    (holdsCopyOf(state, over.previous) || updatedFrom(state, over.previous))
  ) {
    const onEarlier = holdsCopyOf(state, over.previous);
    if (onEarlier) {
      await blob.snapshot(); // An update that did not finish took it already.
    }
    const changesApply = onEarlier || was(copyMetadata.from) === over.previous;
    if (over.incremental && changesApply && state.size === size) {
      await blob.setMetadata(changesOnly);
      incrementalFrom = over.previous;
      metadata = changesOnly;
    } else {
      await blob.create(size, full, true);
    }
  } else if (state && !overwrite) {
    const holds = state.metadata[copyMetadata.source]
      ? `a copy of ${state.metadata[copyMetadata.source]}`
      : `${state.size} bytes that no DiskCopy wrote`;
    throw refuse(
      url,
      `the blob exists and holds ${holds}`,
      "Set overwrite: true to replace it, or name another blob.",
    );
  } else {
    await blob.create(size, full, state !== undefined);
  }
  return {
    description: url,
    url,
    blob: () => blob,
    renew: async () => false,
    held,
    ...(incrementalFrom !== undefined ? { incrementalFrom } : {}),
    startOver: async () => {
      await blob.create(size, full, true);
      metadata = full;
    },
    finish: () =>
      blob.setMetadata({
        ...metadata,
        [copyMetadata.state]: "complete",
        [copyMetadata.completedAt]: new Date().toISOString(),
      }),
    leave: () =>
      "The blob keeps what was copied: the next `pulumi up` goes on from there (delete the blob to start over).",
  };
}

/** Whether a blob holds the complete copy of `previous`. */
export function holdsCopyOf(state: BlobState, previous: string): boolean {
  return (
    state.metadata[copyMetadata.source] === previous &&
    state.metadata[copyMetadata.state] === "complete"
  );
}

/**
 * Whether a blob holds an update of the copy of `previous` that did not finish (its try kept that
 * copy as a snapshot already). Copying what changed since `previous` makes it whole when that
 * update was itself of what changed since `previous`: every page it wrote changed since.
 */
export function updatedFrom(state: BlobState, previous: string): boolean {
  return (
    state.metadata[copyMetadata.state] !== "complete" &&
    (state.metadata[copyMetadata.from] === previous ||
      state.metadata[copyMetadata.over] === previous)
  );
}

async function openDisk(
  diskId: string,
  settings: AzureSettings,
  size: number,
  durationInSeconds: number,
  refuse: Refuse,
): Promise<CopyDestination> {
  const target = destinationDiskTarget(diskId)!;
  const description = `${accessTargetNouns.disk} ${target.id}`;
  const { createComputeClient, readDiskFacts } = loadAzure();
  const facts = await readDiskFacts(
    await createComputeClient(settings, target.subscriptionId),
    target,
  );
  const declare = `creationData: { createOption: "Upload", uploadSizeBytes: ${size} }`;
  if (!facts) {
    throw refuse(description, "the disk does not exist", `Create it for upload first: ${declare}.`);
  }
  if (facts.createOption !== "Upload") {
    throw refuse(
      description,
      `the disk was created with createOption "${facts.createOption ?? "unknown"}", not for upload`,
      `A copy writes into a disk created for upload: ${declare}.`,
    );
  }
  if (facts.uploadSizeBytes !== size) {
    throw refuse(
      description,
      `the disk was created for an upload of ${facts.uploadSizeBytes ?? "no"} bytes; the source is ${size} bytes`,
      `Declare uploadSizeBytes: ${size} (the source's size, its VHD footer included), which replaces the disk.`,
    );
  }
  const resumed = facts.diskState === "ActiveUpload";
  if (facts.diskState !== "ReadyToUpload" && !resumed) {
    throw refuse(
      description,
      `the disk is in state ${facts.diskState ?? "unknown"}: a copy writes only into a disk waiting for its upload (ReadyToUpload)`,
      "A disk that took its upload already cannot take another: replace the disk (pulumi up --replace on it) to copy again.",
    );
  }
  const lease = await GrantLease.start(target, { access: "Write", durationInSeconds }, settings);
  const current = currentBlob(() => lease.url);
  const leave = () => {
    lease.abandon();
    return `The disk stays open for the upload (ActiveUpload) until ${lease.expiresAt.toISOString()}: the next \`pulumi up\` goes on from what it holds.`;
  };
  let held: ByteRange[];
  try {
    // An upload under way is an earlier try of a copy: what it wrote stays.
    held = resumed ? await current().writtenRanges() : [];
  } catch (error) {
    leave();
    throw error;
  }
  return {
    description,
    url: target.id,
    blob: current,
    renew: (sentAt) => lease.renew(sentAt),
    held,
    startOver: async () => undefined,
    finish: () => lease.end(),
    leave,
  };
}
