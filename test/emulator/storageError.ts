import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";

/** An answer of the Blob service that is not the verb's success. */
export interface StorageAnswer {
  status: number;
  headers?: Record<string, string>;
  /** The body: XML, or a blob's bytes. */
  body?: string | Buffer;
}

/**
 * The Blob service's error answer: the code in `x-ms-error-code` and in an XML body whose message
 * ends with the request id and time, as Azure Storage writes them.
 */
export function storageError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): StorageAnswer {
  const requestId = randomUUID();
  const text = `${message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}`;
  return {
    status,
    headers: { "x-ms-error-code": code, "x-ms-request-id": requestId, ...headers },
    body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${escapeXml(text)}</Message></Error>`,
  };
}

/** Sends an answer. */
export function send(response: ServerResponse, answer: StorageAnswer): void {
  const body = answer.body ?? "";
  response.writeHead(answer.status, {
    ...(typeof body === "string" && body ? { "content-type": "application/xml" } : {}),
    "content-length": String(Buffer.byteLength(body)),
    ...answer.headers,
  });
  response.end(body);
}

/** Escapes text for an XML element. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
