import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** A request as the emulator's handlers see it. */
export interface EmulatorRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * What a handler answers. A body that is not a string is sent as JSON; `reset` drops the connection
 * without an answer, as a network fault does.
 */
export interface EmulatorResponse {
  status: number;
  reset?: true;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Azure's error body: `{ error: { code, message, target, details } }`. */
export function cloudError(
  status: number,
  code: string,
  message: string,
  target?: string,
): EmulatorResponse {
  return { status, body: { error: { code, message, ...(target ? { target } : {}), details: [] } } };
}

/** Parses a JSON request body, or `undefined` when it is not JSON. */
export function jsonBody(request: EmulatorRequest): unknown {
  try {
    return JSON.parse(request.body);
  } catch {
    return undefined;
  }
}

/** A new request id, as Azure puts in `x-ms-request-id`. */
export function newRequestId(): string {
  return randomUUID();
}
