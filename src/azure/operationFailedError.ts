import type { OperationFailure } from "./pollObserver";

/**
 * A long-running operation that a status poll reported `Failed` or `Canceled`, with Azure's own
 * code and message: thrown whichever way the operation reports its progress.
 */
export class OperationFailedError extends Error {
  override readonly name = "OperationFailedError" as const;

  constructor(readonly failure: OperationFailure) {
    super(`The long-running operation ended ${failure.status}: ${failure.message ?? "no message"}`);
  }
}
