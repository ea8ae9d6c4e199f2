/** What the provider's host does with a copy's progress, and how a copy is stopped. */
export interface CopyContext {
  /** Receives a line that says how far the copy is, at most every `progressIntervalMs`. */
  progress?: (message: string) => void;
  /** @default 30 000: a line every half minute. */
  progressIntervalMs?: number;
  /** Cancels the copy. */
  signal?: AbortSignal;
  /** Receives a message kept in the update's output: how the copy goes, and why. */
  note?: (message: string) => void;
}

/** Bytes as people read them: `512 B`, `4.0 MiB`, `1.2 TiB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Counts a copy's progress and reports it as a line a person reads, `Copying {source} to
 * {destination}: 12.0 GiB of 20.0 GiB (60 %), 58.2 MiB/s`, when the copy starts, then at most
 * every `intervalMs`: the bytes in the destination (those an earlier try left included) of all
 * the copy writes, and the speed of this try.
 */
export class CopyProgress {
  private doneBytes: number;
  private copiedBytes = 0;
  private readonly startedAt = Date.now();
  private reportedAt = -Infinity;

  constructor(
    private readonly what: string,
    private readonly totalBytes: number,
    heldBytes: number,
    private readonly report: ((message: string) => void) | undefined,
    private readonly intervalMs = 30_000,
  ) {
    this.doneBytes = heldBytes;
    const resumed =
      heldBytes > 0 ? `; ${formatBytes(heldBytes)} were there from an earlier try` : "";
    report?.(`${this.line()}${resumed}`);
    this.reportedAt = Date.now();
  }

  /** Counts a piece copied, and reports if it is time. */
  piece(bytes: number): void {
    this.doneBytes += bytes;
    this.copiedBytes += bytes;
    if (Date.now() - this.reportedAt >= this.intervalMs) {
      this.reportedAt = Date.now();
      this.report?.(this.line());
    }
  }

  /** Reports the copy done: `Copied {source} to {destination}: 13.8 MiB in 3.1 s, 4.4 MiB/s`. */
  finished(): void {
    const seconds = (Date.now() - this.startedAt) / 1000;
    this.report?.(
      `Copied ${this.what}: ${formatBytes(this.copiedBytes)} in ${seconds.toFixed(1)} s${this.speed()}`,
    );
  }

  /** How far the copy got, for an error: `12.0 MiB of 20.0 MiB (60 %)`. */
  get summary(): string {
    const percent =
      this.totalBytes === 0 ? 100 : Math.floor((this.doneBytes / this.totalBytes) * 100);
    return `${formatBytes(this.doneBytes)} of ${formatBytes(this.totalBytes)} (${percent} %)`;
  }

  /** The line of the moment. */
  line(): string {
    return `Copying ${this.what}: ${this.summary}${this.speed()}`;
  }

  /** `, 58.2 MiB/s`: this try's speed, once it has copied anything; else nothing. */
  private speed(): string {
    const seconds = (Date.now() - this.startedAt) / 1000;
    return this.copiedBytes > 0 && seconds > 0
      ? `, ${formatBytes(this.copiedBytes / seconds)}/s`
      : "";
  }
}
