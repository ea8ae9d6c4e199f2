import type { PipelinePolicy, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import type { LastResponseIds } from "./accessError";

/** How a long-running operation ended, when a status poll reported it `Failed` or `Canceled`. */
export interface OperationFailure {
  status: "Failed" | "Canceled";
  /** The ARM error code of the operation's `error`, such as `InternalDiskManagementError`. */
  code?: string;
  message?: string;
}

/** What a client's pipeline saw of a long-running operation's answers. */
export interface PollObservation extends LastResponseIds {
  /** The last answer's non-zero `Retry-After`. */
  retryAfterMs?: number;
  /** How many status polls were throttled (HTTP 429), each attempt counted. */
  throttledPolls: number;
  /** Set once a status poll reports the operation `Failed` or `Canceled`. */
  failure?: OperationFailure;
}

/**
 * A pipeline policy that records, for {@link pollUntilDone}, the ids and `Retry-After` of every
 * answer to a long-running operation's requests, which polls were throttled, and a status poll's
 * report that the operation failed, which the SDK drops when the operation announced only a
 * `Location`. It must sit innermost, below every retry policy, so that it sees each attempt, the
 * throttled ones included.
 */
export function pollObserverPolicy(observation: PollObservation): PipelinePolicy {
  return {
    name: "pollObserver",
    async sendRequest(request, next) {
      const response = await next(request);
      record(observation, request, response);
      return response;
    },
  };
}

/** The path of an operation's status: Compute answers with one under a location. */
const statusPollPath = /\/locations\/[^/]+\/\w*operations\/[^/]+$/i;

function record(
  observation: PollObservation,
  request: PipelineRequest,
  response: PipelineResponse,
): void {
  // The operation's requests: its start and its status polls
  // (`.../locations/{location}/DiskOperations/{id}` or `.../operations/{id}`), not a read of the
  // disk beside it, whatever the disk is called.
  if (request.method === "GET" && !statusPollPath.test(new URL(request.url).pathname)) {
    return;
  }
  if (request.method === "GET" && response.status === 429) {
    observation.throttledPolls++;
  }
  observation.requestId = response.headers.get("x-ms-request-id") ?? undefined;
  observation.correlationId = response.headers.get("x-ms-correlation-request-id") ?? undefined;
  const seconds = Number(response.headers.get("retry-after"));
  observation.retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
  if (request.method === "GET" && response.status === 200) {
    observation.failure ??= failureOf(response.bodyAsText);
  }
}

/** The failure an operation status body reports (`{"status":"Failed","error":{...}}`), if any. */
function failureOf(body: string | null | undefined): OperationFailure | undefined {
  if (!body?.includes('"status"')) {
    return undefined;
  }
  try {
    const status = JSON.parse(body) as {
      status?: unknown;
      error?: { code?: unknown; message?: unknown };
    };
    if (status.status !== "Failed" && status.status !== "Canceled") {
      return undefined;
    }
    const { code, message } = status.error ?? {};
    return {
      status: status.status,
      ...(typeof code === "string" ? { code } : {}),
      ...(typeof message === "string" ? { message } : {}),
    };
  } catch {
    return undefined;
  }
}
