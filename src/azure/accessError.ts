import type { RestError } from "@azure/arm-compute";
import { maskSasSignatures } from "../redact";
import { withoutUndefined } from "../withoutUndefined";
import { hintFor, type AskedFor, type DiskFacts } from "./hints";
import { OperationFailedError } from "./operationFailedError";

/** What the provider was doing when Azure failed. */
export type AccessOperation = "grant" | "revoke" | "read";

/** Stable codes of {@link DiskAccessError}, one per way an operation can fail. */
export type AccessErrorCode =
  /** Azure refused or failed the grant (`beginGetAccess`). */
  | "GrantFailed"
  /** Azure reported the grant done but did not return the SAS that was asked for. */
  | "GrantIncomplete"
  /** Azure refused or failed the revoke (`endGetAccess`). */
  | "RevokeFailed"
  /** Reading the disk, snapshot or restore point failed. */
  | "ReadFailed";

/** The facts a {@link DiskAccessError} carries besides its message. */
export interface AccessErrorDetails {
  code: AccessErrorCode;
  operation: AccessOperation;
  /** What the target is: `disk restore point`, `VM restore point`, `managed disk` or `snapshot`. */
  target: string;
  /** The full ARM id of the target. */
  targetId: string;
  statusCode?: number;
  /** The ARM error code, such as `BadRequest` or `ResourceNotFound`. */
  armCode?: string;
  armMessage?: string;
  /** Azure's `x-ms-request-id`, to quote to Azure support. */
  requestId?: string;
  /** Azure's `x-ms-correlation-request-id`, which ties together the requests of one operation. */
  correlationId?: string;
  /** Whether Azure had accepted the operation (202) before it failed: access may have been granted. */
  accepted?: boolean;
  hint?: string;
  /** What the provider did about the failure, such as revoking access again. */
  note?: string;
}

/** The ids of the last answer Azure sent, for failures that carry no response of their own. */
export interface LastResponseIds {
  requestId?: string;
  correlationId?: string;
}

const verbs: Record<AccessOperation, string> = {
  grant: "grant access to",
  revoke: "revoke access to",
  read: "read",
};

/**
 * The one error the provider throws for Azure failures. Its message reads like a sentence that
 * names the operation, the disk, snapshot or restore point, the HTTP status, the ARM code and
 * message, the request ids and, where one is known, what to do; SAS signatures never appear in it.
 */
export class DiskAccessError extends Error {
  override readonly name = "DiskAccessError" as const;
  readonly code: AccessErrorCode;
  readonly details: AccessErrorDetails;

  constructor(details: AccessErrorDetails) {
    super(formatMessage(details));
    this.code = details.code;
    this.details = details;
  }
}

/** Whether a value is a {@link DiskAccessError}. */
export function isDiskAccessError(value: unknown): value is DiskAccessError {
  return value instanceof Error && value.name === "DiskAccessError";
}

/**
 * Converts whatever an Azure call threw into a {@link DiskAccessError}. A failure without a
 * response of its own (an operation that ended `Failed`) takes the ids of `lastResponse`.
 */
export function toAccessError(
  error: unknown,
  context: Pick<AccessErrorDetails, "code" | "operation" | "target" | "targetId" | "accepted">,
  lastResponse: LastResponseIds = {},
  facts?: DiskFacts,
  asked?: AskedFor,
): DiskAccessError {
  if (isDiskAccessError(error)) {
    return error;
  }
  const details: AccessErrorDetails = { ...context, ...lastResponse };
  if (isRestError(error)) {
    details.statusCode = error.statusCode;
    const body = parseCloudError(error.response?.bodyAsText);
    details.armCode = body?.code ?? error.code;
    details.armMessage = body?.message ?? error.message;
    details.requestId = error.response?.headers.get("x-ms-request-id") ?? undefined;
    details.correlationId = error.response?.headers.get("x-ms-correlation-request-id") ?? undefined;
  } else if (error instanceof OperationFailedError) {
    details.armCode = error.failure.code;
    details.armMessage = `the long-running operation ended ${error.failure.status}: ${error.failure.message ?? "Azure gave no message"}`;
  } else {
    details.armMessage = error instanceof Error ? error.message : String(error);
  }
  details.hint = hintFor(details, facts, asked);
  return new DiskAccessError(withoutUndefined(details));
}

function parseCloudError(
  text: string | null | undefined,
): { code?: string; message?: string } | undefined {
  if (!text) {
    return undefined;
  }
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof body.error?.code === "string" ? body.error.code : undefined;
    const message = typeof body.error?.message === "string" ? body.error.message : undefined;
    return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
  } catch {
    return undefined;
  }
}

function formatMessage(d: AccessErrorDetails): string {
  const status = [d.statusCode !== undefined ? `HTTP ${d.statusCode}` : undefined, d.armCode]
    .filter(Boolean)
    .join(" ");
  let sentence = `Could not ${verbs[d.operation]} ${d.target} ${d.targetId}`;
  sentence += status ? `: ${status}` : "";
  sentence += d.armMessage ? `: ${d.armMessage}` : "";
  const ids = [
    d.requestId ? `x-ms-request-id: ${d.requestId}` : undefined,
    d.correlationId && d.correlationId !== d.requestId
      ? `x-ms-correlation-request-id: ${d.correlationId}`
      : undefined,
  ].filter(Boolean);
  sentence += ids.length > 0 ? ` (${ids.join(", ")})` : "";
  sentence += sentence.endsWith(".") ? "" : ".";
  return maskSasSignatures([sentence, d.hint, d.note].filter(Boolean).join(" "));
}

/**
 * Whether a value is the SDK's `RestError`, judged as `@azure/core-rest-pipeline` judges it, so that
 * this module loads without the SDK.
 */
export function isRestError(error: unknown): error is RestError {
  return error instanceof Error && error.name === "RestError";
}
