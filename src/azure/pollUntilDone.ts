import type { Pipeline, PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";
import type { LastResponseIds } from "./accessError";
import { nextPollDelayMs } from "./pollingSchedule";

/** The part of an `@azure/core-lro` poller that {@link pollUntilDone} drives. */
interface Poller<TResult> {
  readonly isDone: boolean;
  submitted(): Promise<void>;
  poll(): Promise<unknown>;
  pollUntilDone(): Promise<TResult>;
}

/** What a client's pipeline saw of a long-running operation's answers. */
export interface PollObservation extends LastResponseIds {
  /** The last answer's non-zero `Retry-After`. */
  retryAfterMs?: number;
  /** How many status polls were throttled (HTTP 429). */
  throttledPolls: number;
}

/**
 * Adds to a client's pipeline the policy that lets {@link pollUntilDone} see the `Retry-After` of
 * the operation's first answer and of each status poll, and which polls were throttled. It sits
 * after the retry policy, so it sees every attempt.
 */
export function observePolls(pipeline: Pipeline): PollObservation {
  const observation: PollObservation = { throttledPolls: 0 };
  const policy: PipelinePolicy = {
    name: "pollObserver",
    async sendRequest(request, next) {
      const response = await next(request);
      record(observation, request.method, response);
      return response;
    },
  };
  pipeline.addPolicy(policy, { afterPhase: "Retry" });
  return observation;
}

function record(observation: PollObservation, method: string, response: PipelineResponse): void {
  if (method === "GET" && response.status === 429) {
    observation.throttledPolls++;
  }
  observation.requestId = response.headers.get("x-ms-request-id") ?? undefined;
  observation.correlationId = response.headers.get("x-ms-correlation-request-id") ?? undefined;
  const seconds = Number(response.headers.get("retry-after"));
  observation.retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * Waits for a long-running operation as {@link nextPollDelayMs} paces it, rather than at the SDK's
 * fixed 2 s, and returns its result (or throws its failure) as the SDK's own `pollUntilDone` does.
 * `onAccepted` runs once Azure has accepted the operation.
 */
export async function pollUntilDone<TResult>(
  observation: PollObservation,
  poller: Poller<TResult>,
  onAccepted: () => void = () => undefined,
): Promise<TResult> {
  const started = Date.now();
  observation.retryAfterMs = undefined;
  await poller.submitted();
  onAccepted();
  // The first poll goes out at once, as the SDK's does, unless Azure's first answer asks for a wait.
  let delayMs = observation.retryAfterMs ?? 0;
  while (!poller.isDone) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    observation.retryAfterMs = undefined;
    const sent = Date.now();
    await poller.poll();
    delayMs = nextPollDelayMs({
      elapsedMs: Date.now() - started,
      roundTripMs: Date.now() - sent,
      throttledPolls: observation.throttledPolls,
      ...(observation.retryAfterMs !== undefined ? { retryAfterMs: observation.retryAfterMs } : {}),
    });
  }
  return poller.pollUntilDone();
}
