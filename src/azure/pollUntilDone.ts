import type { ComputeManagementClient } from "@azure/arm-compute";
import { nextPollDelayMs } from "./pollingSchedule";

type Pipeline = ComputeManagementClient["pipeline"];
type PipelinePolicy = Parameters<Pipeline["addPolicy"]>[0];
type PipelineResponse = Awaited<ReturnType<PipelinePolicy["sendRequest"]>>;

/** The part of an `@azure/core-lro` poller that {@link pollUntilDone} drives. */
interface Poller<TResult> {
  readonly isDone: boolean;
  submitted(): Promise<void>;
  poll(): Promise<unknown>;
  pollUntilDone(): Promise<TResult>;
}

/** What a client's pipeline saw of the status polls. */
export interface PollObservation {
  retryAfterMs?: number;
  throttledPolls: number;
}

/**
 * Adds to a client's pipeline the policy that lets {@link pollUntilDone} see each status poll's
 * `Retry-After` and throttling. It sits after the retry policy, so it sees every attempt.
 */
export function observePolls(pipeline: Pipeline): PollObservation {
  const observation: PollObservation = { throttledPolls: 0 };
  const policy: PipelinePolicy = {
    name: "pollObserver",
    async sendRequest(request, next) {
      const response = await next(request);
      if (request.method === "GET") {
        record(observation, response);
      }
      return response;
    },
  };
  pipeline.addPolicy(policy, { afterPhase: "Retry" });
  return observation;
}

function record(observation: PollObservation, response: PipelineResponse): void {
  if (response.status === 429) {
    observation.throttledPolls++;
  }
  const seconds = Number(response.headers.get("retry-after"));
  observation.retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * Waits for a long-running operation as {@link nextPollDelayMs} paces it, rather than at the SDK's
 * fixed 2 s, and returns its result (or throws its failure) as the SDK's own `pollUntilDone` does.
 */
export async function pollUntilDone<TResult>(
  observation: PollObservation,
  poller: Poller<TResult>,
): Promise<TResult> {
  const started = Date.now();
  await poller.submitted();
  let delayMs = 0;
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
