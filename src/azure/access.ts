import type { Disk, GrantAccessData } from "@azure/arm-compute";
import { withoutUndefined } from "../withoutUndefined";
import { isRestError, toAccessError } from "./accessError";
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
      : readFacts(client, target).catch(() => undefined);
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

/** What a disk or snapshot says of itself that bears on its access. */
async function readFacts(client: ComputeClient, target: AccessTarget): Promise<DiskFacts> {
  const read = (await client
    .operations(target.type)
    .get(target.resourceGroupName, ...target.names)) as Disk;
  return withoutUndefined({
    diskState: read.diskState,
    createOption: read.creationData?.createOption,
    networkAccessPolicy: read.networkAccessPolicy,
    dataAccessAuthMode: read.dataAccessAuthMode,
  });
}

/** What a managed disk says of itself that decides whether a copy may upload into it. */
export interface UploadFacts {
  diskState?: string;
  createOption?: string;
  /** The size the disk was created for upload with: the VHD's, footer included. */
  uploadSizeBytes?: number;
}

/** Reads what a managed disk says of an upload into it, or `undefined` when there is no such disk. */
export async function readUploadFacts(
  client: ComputeClient,
  target: AccessTarget,
): Promise<UploadFacts | undefined> {
  try {
    const disk = (await client
      .operations(target.type)
      .get(target.resourceGroupName, ...target.names)) as Disk;
    return withoutUndefined({
      diskState: disk.diskState,
      createOption: disk.creationData?.createOption,
      uploadSizeBytes: disk.creationData?.uploadSizeBytes,
    });
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw toAccessError(error, { code: "ReadFailed", operation: "read", ...about(target) });
  }
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
