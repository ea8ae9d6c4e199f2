import { OperationFailedError } from "./operationFailedError";
import type { PollObservation } from "./pollObserver";
import { nextPollDelayMs } from "./pollingSchedule";

/** The part of an `@azure/core-lro` poller that {@link pollUntilDone} drives. */
interface Poller<TResult> {
  readonly isDone: boolean;
  submitted(): Promise<void>;
  poll(): Promise<unknown>;
  pollUntilDone(): Promise<TResult>;
}

/**
 * Waits for a long-running operation as {@link nextPollDelayMs} paces it, rather than at the SDK's
 * fixed 2 s, and returns its result as the SDK's own `pollUntilDone` does. An operation that a
 * status poll reported `Failed` or `Canceled` throws {@link OperationFailedError} with Azure's code
 * and message, also where the SDK would resolve it with an empty result (a `Location`-only
 * operation). `onAccepted` runs once Azure has accepted the operation.
 */
export async function pollUntilDone<TResult>(
  observation: PollObservation,
  poller: Poller<TResult>,
  onAccepted: () => void = () => undefined,
): Promise<TResult> {
  const started = Date.now();
  observation.retryAfterMs = undefined;
  delete observation.failure;
  let result: TResult;
  try {
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
        ...(observation.retryAfterMs !== undefined
          ? { retryAfterMs: observation.retryAfterMs }
          : {}),
      });
    }
    result = await poller.pollUntilDone();
  } catch (error) {
    throw observation.failure ? new OperationFailedError(observation.failure) : error;
  }
  if (observation.failure) {
    throw new OperationFailedError(observation.failure);
  }
  return result;
}
