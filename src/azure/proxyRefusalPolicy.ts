import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import type { ClientRequest } from "node:http";
import { ProxyRefusedError } from "./proxyRefusedError";

/** The part of `https-proxy-agent`'s agent that the proxy policy puts on a request. */
interface ProxyAgent {
  proxy: URL;
  on(event: "proxyConnect", listener: ProxyConnectListener): unknown;
  off(event: "proxyConnect", listener: ProxyConnectListener): unknown;
}
type ProxyConnectListener = (
  connect: { statusCode: number; statusText: string },
  request: ClientRequest,
) => void;

/** Where a {@link proxyRefusalPolicy} keeps the last refusal it saw, for callers that lose errors. */
export interface ProxyRefusals {
  last?: ProxyRefusedError;
}

/**
 * A pipeline policy that turns a proxy's refusal of the tunnel into a {@link ProxyRefusedError}, and
 * keeps it in `refusals` too (MSAL reports a failed request of its own only by a code of its own).
 * Without it the refusal reads as the target's own answer: the proxy agent replays the proxy's
 * `403` as if Azure had sent it. It must come after the SDK's proxy policy, which picks the agent.
 */
export function proxyRefusalPolicy(refusals: ProxyRefusals = {}): PipelinePolicy {
  return {
    name: "proxyRefusal",
    async sendRequest(request, next) {
      const agent = request.agent as Partial<ProxyAgent> | undefined;
      if (!(agent?.proxy instanceof URL) || !agent.on || !agent.off) {
        return next(request);
      }
      let refusal: Parameters<ProxyConnectListener>[0] | undefined;
      const listener: ProxyConnectListener = (connect, sent) => {
        if (sent.getHeader("x-ms-client-request-id") === request.requestId) {
          refusal = connect.statusCode === 200 ? undefined : connect;
        }
      };
      agent.on("proxyConnect", listener);
      try {
        const response = await next(request);
        if (refusal) {
          const url = new URL(request.url);
          throw (refusals.last = new ProxyRefusedError(
            `${agent.proxy.protocol}//${agent.proxy.host}`,
            `${url.hostname}:${url.port || 443}`,
            refusal.statusCode,
            refusal.statusText,
          ));
        }
        return response;
      } finally {
        agent.off("proxyConnect", listener);
      }
    },
  };
}
