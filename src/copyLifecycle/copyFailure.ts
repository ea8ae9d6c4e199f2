import { DiskCopyError, isDiskCopyError, storageFailure } from "../azure/copyError";
import { DiskAccessError, isDiskAccessError } from "../azure/accessError";

/** What a failed copy was doing, for its error. */
export interface CopyFailureContext {
  source: string;
  destination: string;
  /** Whether the source is a SAS handed in (`sourceSasUrl`), not one the copy granted. */
  handedSas: boolean;
  /** Whether the destination is a blob the copy signs in to, rather than a disk's SAS. */
  blobDestination: boolean;
  /** Why granting the source again failed, if it did. */
  renewalFailure?: unknown;
  /** What the copy left behind, and how far it got. */
  note?: string;
}

/**
 * Turns whatever stopped a copy into the error the user sees: a {@link DiskCopyError} that names the
 * source and the destination, keeps Azure Storage's status, code, words and request id, and says
 * what to do; a failure to grant or revoke stays the `DiskAccessError` it is, with the note added.
 */
export function copyFailure(error: unknown, context: CopyFailureContext): Error {
  if (isDiskCopyError(error)) {
    return new DiskCopyError({ ...error.details, ...withNote(error.details.note, context.note) });
  }
  if (isDiskAccessError(error)) {
    const note = [error.details.note, context.note].filter(Boolean).join(" ");
    return note ? new DiskAccessError({ ...error.details, note }) : error;
  }
  const failure = storageFailure(error);
  return new DiskCopyError({
    code: "CopyFailed",
    source: context.source,
    destination: context.destination,
    ...failure,
    ...withHint(hintFor(failure.storageCode, failure.statusCode, context)),
    ...withNote(undefined, context.note),
  });
}

function withNote(first: string | undefined, second: string | undefined): { note?: string } {
  const note = [first, second].filter(Boolean).join(" ");
  return note ? { note } : {};
}

function withHint(hint: string | undefined): { hint?: string } {
  return hint ? { hint } : {};
}

/** What to do about a failed Azure Storage request, where that is known. */
function hintFor(
  code: string | undefined,
  status: number | undefined,
  context: CopyFailureContext,
): string | undefined {
  switch (code) {
    case "AuthorizationPermissionMismatch":
      return "The identity the provider signs in as needs the role Storage Blob Data Contributor on the storage account or the container: Owner and Contributor grant no access to the data. A role assigned in the last minutes may not have taken effect yet (Azure takes up to ten): run pulumi up again.";
    case "ContainerNotFound":
      return "Create the container first (azure-native storage.BlobContainer), and name it in destinationBlobUrl.";
    case "CannotVerifyCopySource":
      if (context.handedSas) {
        return "The SAS handed in through sourceSasUrl ran out or was revoked before the copy ended: hand in one that lasts longer than the copy (a longer durationInSeconds of its access resource), or give sourceId to let the copy grant access itself and renew it.";
      }
      return context.renewalFailure instanceof Error
        ? `The source's SAS was refused and granting access again failed: ${context.renewalFailure.message}`
        : "The source's SAS was refused even after access was granted again: check that nothing revokes access to the source while the copy runs.";
    case "ServerBusy":
    case "OperationTimedOut":
      return "The blob refused every write for a quarter of an hour: it is busy with other writers, or its account is at its limits. Try again later.";
    case "AuthenticationFailed":
    case "AuthorizationFailure":
      return context.blobDestination
        ? "The storage account refused this machine: check its firewall and network rules (public network access, private endpoints), and that it takes Entra ID sign-in."
        : "The destination refused its SAS: access to the disk was revoked or ran out while the copy ran.";
    default:
      return status === undefined
        ? "Check that this machine reaches the storage account: its firewall and private endpoints, and HTTPS_PROXY."
        : undefined;
  }
}
