import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { proxyRefusalPolicy, type ProxyRefusals } from "./proxyRefusalPolicy";
import { userAgentPrefix } from "./userAgent";

/**
 * The options every Azure SDK client of the provider takes, credentials included: this package's
 * user agent ahead of the SDK's own, and proxy refusals reported as such (and kept in `refusals`).
 * The SDK's pipeline already honours `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` and retries
 * transient failures.
 */
export function pipelineOptions(refusals?: ProxyRefusals): {
  userAgentOptions: { userAgentPrefix: string };
  additionalPolicies: { policy: PipelinePolicy; position: "perCall" | "perRetry" }[];
} {
  return {
    userAgentOptions: { userAgentPrefix },
    additionalPolicies: [{ policy: proxyRefusalPolicy(refusals), position: "perCall" }],
  };
}
