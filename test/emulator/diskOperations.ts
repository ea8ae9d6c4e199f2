import { randomUUID } from "node:crypto";

/** The outcome of a long-running operation once it has finished. */
export type OperationOutcome =
  | { status: "Succeeded"; output?: Record<string, string> }
  | { status: "Failed"; error: { code: string; message: string } };

/** One long-running disk operation (`beginGetAccess` or `endGetAccess`). */
export interface DiskOperation {
  id: string;
  apiVersion: string;
  startTime: Date;
  /** When the operation is due to finish. */
  dueAt: number;
  /** When it finished, once it has. */
  endTime?: Date;
  /** Settles once the operation's effect has been applied. */
  outcome: Promise<OperationOutcome>;
  settled?: OperationOutcome;
}

/**
 * The long-running operations the emulator has started. Each applies its effect (minting or
 * revoking SAS in storage) once its duration has passed.
 */
export class DiskOperations {
  private readonly operations = new Map<string, DiskOperation>();

  /** Starts an operation that runs `effect` after `durationMs`. */
  start(
    apiVersion: string,
    durationMs: number,
    effect: () => Promise<OperationOutcome>,
  ): DiskOperation {
    const outcome = new Promise<void>((resolve) => setTimeout(resolve, durationMs))
      .then(effect)
      .catch((e: unknown): OperationOutcome => ({
        status: "Failed",
        error: { code: "InternalOperationError", message: String(e) },
      }))
      .then((settled) => {
        operation.endTime = new Date();
        return (operation.settled = settled);
      });
    const operation: DiskOperation = {
      id: randomUUID(),
      apiVersion,
      startTime: new Date(),
      dueAt: Date.now() + durationMs,
      outcome,
    };
    this.operations.set(operation.id.toLowerCase(), operation);
    return operation;
  }

  /** Every operation started, in order. */
  list(): DiskOperation[] {
    return [...this.operations.values()];
  }

  get(id: string): DiskOperation | undefined {
    return this.operations.get(id.toLowerCase());
  }

  /** Waits for every operation to settle. */
  async drain(): Promise<void> {
    await Promise.all([...this.operations.values()].map((o) => o.outcome));
  }
}
