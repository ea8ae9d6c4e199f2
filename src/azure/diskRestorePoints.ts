import type { GrantAccessData } from "@azure/arm-compute";
import { formatDiskRestorePointId, type DiskRestorePointTarget } from "../provider/target";
import { isRestError, toAccessError } from "./accessError";
import type { ComputeClient } from "./computeClient";
import { pollUntilDone } from "./pollUntilDone";

/** The SAS URLs a grant returned; Azure leaves out what it did not grant. */
export interface GrantedSas {
  accessSAS?: string;
  securityDataAccessSAS?: string;
  securityMetadataAccessSAS?: string;
}

const path = (t: DiskRestorePointTarget) =>
  [
    t.resourceGroupName,
    t.restorePointCollectionName,
    t.vmRestorePointName,
    t.diskRestorePointName,
  ] as const;

/**
 * Runs "Disk Restore Point - Grant Access" and waits for the long-running operation to finish. A
 * failure after Azure accepted the operation says so (`accepted`): access may have been granted.
 */
export async function grantAccess(
  client: ComputeClient,
  target: DiskRestorePointTarget,
  request: GrantAccessData,
): Promise<GrantedSas> {
  let accepted = false;
  try {
    const result = await pollUntilDone(
      client.polls,
      client.diskRestorePoint.grantAccess(...path(target), request),
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
        diskRestorePointId: formatDiskRestorePointId(target),
        ...(accepted ? { accepted } : {}),
      },
      client.polls,
    );
  }
}

/**
 * Runs "Disk Restore Point - Revoke Access" and waits for it. A disk restore point that no longer
 * exists has no access left to revoke, which counts as done.
 *
 * @returns whether access was revoked or the disk restore point was already gone.
 */
export async function revokeAccess(
  client: ComputeClient,
  target: DiskRestorePointTarget,
): Promise<"revoked" | "gone"> {
  try {
    await pollUntilDone(client.polls, client.diskRestorePoint.revokeAccess(...path(target)));
    return "revoked";
  } catch (error) {
    if (isNotFound(error)) {
      return "gone";
    }
    throw toAccessError(
      error,
      {
        code: "RevokeFailed",
        operation: "revoke",
        diskRestorePointId: formatDiskRestorePointId(target),
      },
      client.polls,
    );
  }
}

/** Whether the disk restore point still exists. */
export async function diskRestorePointExists(
  client: ComputeClient,
  target: DiskRestorePointTarget,
): Promise<boolean> {
  try {
    await client.diskRestorePoint.get(...path(target));
    return true;
  } catch (error) {
    if (isNotFound(error)) {
      return false;
    }
    throw toAccessError(error, {
      code: "ReadFailed",
      operation: "read",
      diskRestorePointId: formatDiskRestorePointId(target),
    });
  }
}

function isNotFound(error: unknown): boolean {
  return isRestError(error) && error.statusCode === 404;
}
