import type { ComputeManagementClient } from "@azure/arm-compute";
import { nextPollDelayMs } from "./pollingSchedule";

type PipelinePolicy = Parameters<ComputeManagementClient["pipeline"]["addPolicy"]>[0];
type PipelineResponse = Awaited<ReturnType<PipelinePolicy["sendRequest"]>>;

/** The part of an `@azure/core-lro` poller that {@link pollUntilDone} drives. */
interface Poller<TResult> {
  readonly isDone: boolean;
  submitted(): Promise<void>;
  poll(): Promise<unknown>;
  pollUntilDone(): Promise<TResult>;
}

/** What the client's pipeline saw of the last status poll. */
interface PollObservation {
  retryAfterMs?: number;
  throttledPolls: number;
}

const observations = new WeakMap<object, PollObservation>();

/**
 * Adds to a client the pipeline policy that lets {@link pollUntilDone} see each status poll's
 * `Retry-After` and throttling. It sits after the retry policy, so it sees every attempt.
 */
export function observePolls(client: ComputeManagementClient): void {
  const observation: PollObservation = { throttledPolls: 0 };
  observations.set(client, observation);
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
  client.pipeline.addPolicy(policy, { afterPhase: "Retry" });
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
  client: ComputeManagementClient,
  poller: Poller<TResult>,
): Promise<TResult> {
  const observation = observations.get(client) ?? { throttledPolls: 0 };
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
