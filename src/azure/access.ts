import type { Disk, GrantAccessData, Snapshot } from "@azure/arm-compute";
import { withoutUndefined } from "../withoutUndefined";
import { DiskAccessError, isRestError, toAccessError } from "./accessError";
import { accessTargetNouns, type AccessTarget } from "./accessTarget";
import type { ComputeClient } from "./computeClient";
import type { DiskFacts } from "./hints";
import { pollUntilDone } from "./pollUntilDone";

/** The SAS URLs a grant returned (Azure leaves out what it did not grant), and what Azure said of the target. */
export interface GrantedSas {
  accessSAS?: string;
  securityDataAccessSAS?: string;
  securityMetadataAccessSAS?: string;
  /** A disk's or snapshot's `dataAccessAuthMode`: `AzureActiveDirectory` means the SAS alone opens nothing. */
  dataAccessAuthMode?: string;
}

/**
 * Runs "Grant Access" (`beginGetAccess`) on a disk, snapshot or disk restore point and waits for the
 * long-running operation to finish. The SAS URLs are kept exactly as Azure returns them. A disk or
 * snapshot is read at the same time: its `dataAccessAuthMode` comes back with the SAS, and if the
 * grant fails its state says what to do. A failure after Azure accepted the operation says so
 * (`accepted`): access may have been granted.
 */
export async function grantAccess(
  client: ComputeClient,
  target: AccessTarget,
  request: GrantAccessData,
): Promise<GrantedSas> {
  const facts =
    target.type === "diskRestorePoint"
      ? Promise.resolve(undefined)
      : readDiskFacts(client, target).catch(() => undefined);
  let accepted = false;
  try {
    const result = await pollUntilDone(
      client.polls,
      client
        .operations(target.type)
        .grantAccess(target.resourceGroupName, ...target.names, request),
      () => (accepted = true),
    );
    const { accessSAS, securityDataAccessSAS, securityMetadataAccessSAS } = result;
    const dataAccessAuthMode = (await facts)?.dataAccessAuthMode;
    return {
      ...(accessSAS ? { accessSAS } : {}),
      ...(securityDataAccessSAS ? { securityDataAccessSAS } : {}),
      ...(securityMetadataAccessSAS ? { securityMetadataAccessSAS } : {}),
      ...(dataAccessAuthMode ? { dataAccessAuthMode } : {}),
    };
  } catch (error) {
    throw toAccessError(
      error,
      {
        code: "GrantFailed",
        operation: "grant",
        ...about(target),
        ...(accepted ? { accepted } : {}),
      },
      client.polls,
      await facts,
      { access: request.access },
    );
  }
}

/**
 * The error of a grant that Azure reported done without a SAS that was asked for (`missing`, in
 * words): Azure accepted it, so access may have been granted.
 */
export function grantIncomplete(target: AccessTarget, missing: string): DiskAccessError {
  return new DiskAccessError({
    code: "GrantIncomplete",
    operation: "grant",
    ...about(target),
    armMessage: `Azure reported the operation done but returned no ${missing}`,
    accepted: true,
  });
}

/**
 * Reads what a disk or snapshot says of itself that bears on its access (its state, how it was
 * created and for what upload size, its network and data access policies), or `undefined` when it
 * does not exist.
 */
export async function readDiskFacts(
  client: ComputeClient,
  target: AccessTarget,
): Promise<DiskFacts | undefined> {
  const read = await readTarget<Disk>(client, target);
  return (
    read &&
    withoutUndefined({
      diskState: read.diskState,
      createOption: read.creationData?.createOption,
      uploadSizeBytes: read.creationData?.uploadSizeBytes,
      networkAccessPolicy: read.networkAccessPolicy,
      dataAccessAuthMode: read.dataAccessAuthMode,
    })
  );
}

/** Reads a disk or snapshot as Azure describes it, or `undefined` when it does not exist. */
async function readTarget<Described extends Disk | Snapshot>(
  client: ComputeClient,
  target: AccessTarget,
): Promise<Described | undefined> {
  try {
    return (await client
      .operations(target.type)
      .get(target.resourceGroupName, ...target.names)) as Described;
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw toAccessError(error, { code: "ReadFailed", operation: "read", ...about(target) });
  }
}

/** What a snapshot says of where it comes from: whether Azure can tell what changed since another. */
export interface SnapshotLineage {
  /** An incremental snapshot, whose changes since an older one of its disk Azure lists. */
  incremental: boolean;
  /** The ARM id of the disk it was taken of. */
  diskId?: string;
  /** Azure's unique id of that disk: a disk deleted and created again under its name has another. */
  diskUniqueId?: string;
  /** When it was taken (ISO 8601). */
  timeCreated?: string;
  sizeBytes?: number;
}

/** Reads a snapshot's lineage, or `undefined` when it does not exist. */
export async function readSnapshotLineage(
  client: ComputeClient,
  target: AccessTarget,
): Promise<SnapshotLineage | undefined> {
  const read = await readTarget<Snapshot>(client, target);
  if (!read) {
    return undefined;
  }
  const created = read.timeCreated as Date | string | undefined;
  return withoutUndefined({
    incremental: read.incremental === true,
    diskId: read.creationData?.sourceResourceId,
    diskUniqueId: read.creationData?.sourceUniqueId,
    timeCreated: created === undefined ? undefined : new Date(created).toISOString(),
    sizeBytes: read.diskSizeBytes,
  });
}

/**
 * Runs "Revoke Access" (`endGetAccess`) and waits for it. A target that no longer exists has no
 * access left to revoke, which counts as done.
 *
 * @returns whether access was revoked or the target was already gone.
 */
export async function revokeAccess(
  client: ComputeClient,
  target: AccessTarget,
): Promise<"revoked" | "gone"> {
  try {
    await pollUntilDone(
      client.polls,
      client.operations(target.type).revokeAccess(target.resourceGroupName, ...target.names),
    );
    return "revoked";
  } catch (error) {
    if (isNotFound(error)) {
      return "gone";
    }
    throw toAccessError(
      error,
      { code: "RevokeFailed", operation: "revoke", ...about(target) },
      client.polls,
    );
  }
}

/**
 * What Azure says of a target's access: `live` while a SAS of it is in force, `idle` when none is,
 * `gone` when the target no longer exists. A disk restore point does not tell whether a SAS of it
 * is live: one that exists counts as live.
 */
export type AccessState = "live" | "idle" | "gone";

/** The `diskState` values of a disk or snapshot whose SAS is in force. */
const liveDiskStates = new Set(["ActiveSAS", "ActiveSASFrozen", "ActiveUpload"]);

/** Reads a target and tells its {@link AccessState}. */
export async function readAccessState(
  client: ComputeClient,
  target: AccessTarget,
): Promise<AccessState> {
  try {
    const read = await client
      .operations(target.type)
      .get(target.resourceGroupName, ...target.names);
    if (target.type === "diskRestorePoint") {
      return "live";
    }
    return "diskState" in read && liveDiskStates.has(String(read.diskState)) ? "live" : "idle";
  } catch (error) {
    if (isNotFound(error)) {
      return "gone";
    }
    throw toAccessError(error, { code: "ReadFailed", operation: "read", ...about(target) });
  }
}

function about(target: AccessTarget): { target: string; targetId: string } {
  return { target: accessTargetNouns[target.type], targetId: target.id };
}

function isNotFound(error: unknown): boolean {
  return isRestError(error) && error.statusCode === 404;
}
