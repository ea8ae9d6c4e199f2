import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
} from "@azure/core-rest-pipeline";
import { pipelineOptions } from "./pipelineOptions";

/** A JSON request to an endpoint outside Resource Manager: cloud metadata, an OIDC token issuer. */
export interface JsonRequest {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
}

let httpClient: HttpClient | undefined;

/**
 * Sends one request through the Azure SDK's HTTP pipeline, as the SDK's own requests go: through
 * `HTTPS_PROXY` unless `NO_PROXY` names the host, with this package's user agent, and tried again
 * after a transient failure (a 5xx, 408 or 429, or a dropped connection). Any final status but 200
 * is an error that quotes the start of the answer. Each attempt gives up after 30 s.
 */
export async function requestJson(url: string, request: JsonRequest = {}): Promise<unknown> {
  const { userAgentOptions, additionalPolicies } = pipelineOptions();
  const pipeline = createPipelineFromOptions({ userAgentOptions });
  for (const { policy } of additionalPolicies) {
    pipeline.addPolicy(policy);
  }
  const response = await pipeline.sendRequest(
    (httpClient ??= createDefaultHttpClient()),
    createPipelineRequest({
      url,
      method: request.method ?? "GET",
      headers: createHttpHeaders({ accept: "application/json", ...request.headers }),
      timeout: 30_000,
    }),
  );
  const text = response.bodyAsText ?? "";
  if (response.status !== 200) {
    throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error("the answer is not JSON");
  }
}
