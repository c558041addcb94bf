import { pool } from "../db";

/**
 * Writes an export's progress to its batch row at most once per interval (the batch page's stream
 * reads it there) and notices, from the same write, when the batch was cancelled: `signal` aborts.
 */
export class ExportProgress {
  private readonly controller = new AbortController();
  private lastWrite = 0;
  private pending: Promise<void> | null = null;

  constructor(
    private readonly batchId: string,
    private readonly intervalMs = 1000,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Records the exact row count once the export's snapshot is taken. */
  async setTotal(total: number): Promise<void> {
    await this.write(`total_items = $2`, total);
    this.lastWrite = Date.now();
  }

  /** Reports `processed` rows if the last write is at least an interval old; never blocks the stream. */
  tick(processed: number): void {
    if (this.pending || Date.now() - this.lastWrite < this.intervalMs) return;
    this.lastWrite = Date.now();
    this.pending = this.write(`processed = $2, succeeded = $2`, processed)
      .catch(() => {
        // A missed progress write is harmless; the next tick or the final update catches up.
      })
      .finally(() => {
        this.pending = null;
      });
  }

  /** Waits for a progress write in flight. */
  async idle(): Promise<void> {
    await this.pending;
  }

  private async write(set: string, value: number): Promise<void> {
    const { rows } = await pool().query<{ state: string }>(
      `UPDATE batches SET ${set}, updated_at = now(), progress_seq = progress_seq + 1 WHERE id = $1 AND state = 'running' RETURNING state`,
      [this.batchId, value],
    );
    if (rows.length === 0) this.controller.abort(new ExportStopped());
  }
}

/** The batch left `running` (cancelled, or paused) while its file was being written. */
export class ExportStopped extends Error {
  constructor() {
    super("The export was stopped.");
    this.name = "ExportStopped";
  }
}
