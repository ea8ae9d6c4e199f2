import * as http from "node:http";
import * as https from "node:https";

/**
 * Reads a byte range through a SAS URL, as a copy job would (Azurite's over http, Azure's over
 * https); a read that stalls fails in 30 s.
 */
export function readRange(
  sas: string,
  first: number,
  last: number,
): Promise<{ status: number; bytes: Buffer }> {
  const client = new URL(sas).protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      sas,
      { headers: { range: `bytes=${first}-${last}` }, timeout: 30_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, bytes: Buffer.concat(chunks) }),
        );
      },
    );
    request.on("timeout", () =>
      request.destroy(new Error(`No answer from ${new URL(sas).origin} in 30 s.`)),
    );
    request.on("error", reject);
  });
}
