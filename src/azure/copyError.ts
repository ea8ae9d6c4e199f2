import { maskSasSignatures } from "../redact";
import { withoutUndefined } from "../withoutUndefined";
import { isRestError } from "./accessError";

/** Stable codes of {@link DiskCopyError}, one per way a copy can fail. */
export type CopyErrorCode =
  /** The destination is not one the copy may write: a blob that holds something else, a disk of
   * the wrong state or size, a source larger than a page blob can be. Nothing was written. */
  | "CopyRefused"
  /** Azure Storage failed or refused the copy part-way. */
  | "CopyFailed"
  /** The copy was cancelled (`pulumi cancel`, Ctrl-C). */
  | "CopyCancelled"
  /** The destination does not hold what the source holds. */
  | "CopyMismatch";

/** The facts a {@link DiskCopyError} carries besides its message. */
export interface CopyErrorDetails {
  code: CopyErrorCode;
  /** The source, as messages name it: `snapshot /subscriptions/...`, or a SAS URL's blob without its query. */
  source: string;
  /** The destination: a blob's URL without any SAS, or `managed disk /subscriptions/...`. */
  destination: string;
  statusCode?: number;
  /** Azure Storage's error code (`x-ms-error-code`), such as `AuthorizationPermissionMismatch`. */
  storageCode?: string;
  /** Azure's words, or what the provider found. */
  reason: string;
  /** Azure's `x-ms-request-id`, to quote to Azure support. */
  requestId?: string;
  /** What to do about it, where that is known. */
  hint?: string;
  /** What the copy did and left: how far it got, what was revoked. */
  note?: string;
}

/**
 * The error a `DiskCopy` throws when the copy itself fails: it names the source and the
 * destination, keeps Azure's code and words with the request id, says what to do where that is
 * known and how far the copy got. SAS signatures never appear in it. Failures to grant or revoke
 * access throw {@link DiskAccessError}.
 */
export class DiskCopyError extends Error {
  override readonly name = "DiskCopyError" as const;
  readonly code: CopyErrorCode;
  readonly details: CopyErrorDetails;

  constructor(details: CopyErrorDetails) {
    super(formatMessage(details));
    this.code = details.code;
    this.details = details;
  }
}

/** Whether a value is a {@link DiskCopyError}. */
export function isDiskCopyError(value: unknown): value is DiskCopyError {
  return value instanceof Error && value.name === "DiskCopyError";
}

/**
 * The details of a failed Azure Storage request: its status, code, words (without the request id
 * and time the service appends, SAS signatures masked) and request id; for anything else, its
 * message.
 */
export function storageFailure(
  error: unknown,
): Pick<CopyErrorDetails, "statusCode" | "storageCode" | "reason" | "requestId"> {
  if (!isRestError(error)) {
    return { reason: maskSasSignatures(error instanceof Error ? error.message : String(error)) };
  }
  const words =
    maskSasSignatures(error.message.split("\n")[0]?.trim() ?? "") ||
    "Azure Storage gave no message";
  return withoutUndefined({
    statusCode: error.statusCode,
    storageCode: storageCode(error),
    reason: error.statusCode === undefined ? `the request failed: ${words}` : words,
    requestId: error.response?.headers.get("x-ms-request-id") ?? undefined,
  });
}

function formatMessage(d: CopyErrorDetails): string {
  const status = [d.statusCode !== undefined ? `HTTP ${d.statusCode}` : undefined, d.storageCode]
    .filter(Boolean)
    .join(" ");
  let sentence = `Could not copy ${d.source} to ${d.destination}`;
  sentence += status ? `: ${status}` : "";
  sentence += `: ${d.reason}`;
  sentence += d.requestId ? ` (x-ms-request-id: ${d.requestId})` : "";
  sentence += /[.!?]$/.test(sentence) ? "" : ".";
  return maskSasSignatures([sentence, d.hint, d.note].filter(Boolean).join(" "));
}

/** The Blob service's error code of a failure (`x-ms-error-code`), if it sent one. */
export function storageCode(error: unknown): string | undefined {
  if (!isRestError(error)) {
    return undefined;
  }
  return error.response?.headers.get("x-ms-error-code") ?? error.code;
}
