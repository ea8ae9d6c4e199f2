import * as https from "node:https";

/** A JSON request to an endpoint outside Resource Manager: cloud metadata, an OIDC token issuer. */
export interface JsonRequest {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
}

/**
 * Sends one HTTPS request and parses its JSON answer; any status but 200 is an error that quotes
 * the start of the answer. Gives up after 30 s.
 */
export function requestJson(url: string, request: JsonRequest = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const outgoing = https.request(
      url,
      {
        method: request.method ?? "GET",
        headers: { accept: "application/json", ...request.headers },
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (response.statusCode !== 200) {
            reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`));
            return;
          }
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new Error("the answer is not JSON"));
          }
        });
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error("timed out after 30 s")));
    outgoing.on("error", reject);
    outgoing.end();
  });
}
