import type { GrantAccessData } from "@azure/arm-compute";
import { isRestError, toAccessError } from "./accessError";
import { accessTargetNouns, type AccessTarget } from "./accessTarget";
import type { ComputeClient } from "./computeClient";
import { pollUntilDone } from "./pollUntilDone";

/** The SAS URLs a grant returned; Azure leaves out what it did not grant. */
export interface GrantedSas {
  accessSAS?: string;
  securityDataAccessSAS?: string;
  securityMetadataAccessSAS?: string;
}

/**
 * Runs "Grant Access" (`beginGetAccess`) on a disk, snapshot or disk restore point and waits for the
 * long-running operation to finish. The SAS URLs are kept exactly as Azure returns them. A failure
 * after Azure accepted the operation says so (`accepted`): access may have been granted.
 */
export async function grantAccess(
  client: ComputeClient,
  target: AccessTarget,
  request: GrantAccessData,
): Promise<GrantedSas> {
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
    return {
      ...(accessSAS ? { accessSAS } : {}),
      ...(securityDataAccessSAS ? { securityDataAccessSAS } : {}),
      ...(securityMetadataAccessSAS ? { securityMetadataAccessSAS } : {}),
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
    );
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
