import type { Logger } from "pino";
import { pool } from "../db";

/** A download in flight: bytes so far, the announced size, and when it started. */
export type LiveDownload = { bytes: number; total: number | null; startedAt: number };

const COUNTS = `SELECT count(*) FILTER (WHERE state IN ('downloaded', 'skipped', 'failed'))::int AS done,
    count(*) FILTER (WHERE state = 'downloaded')::int AS ok,
    count(*) FILTER (WHERE state = 'skipped')::int AS skipped,
    count(*) FILTER (WHERE state = 'failed')::int AS bad
  FROM media_fetches WHERE batch_id = $1`;

/**
 * Writes a fetch's progress at most once per interval: bytes and speed of the downloads in flight
 * to their media_fetches rows, and the batch's counters (skipped files count as `unchanged`). The
 * same write notices that the batch was cancelled: `signal` aborts.
 */
export class FetchProgress {
  private readonly controller = new AbortController();
  private readonly live = new Map<number, LiveDownload>();
  private readonly timer: NodeJS.Timeout;
  private pending: Promise<void> | null = null;

  constructor(
    private readonly batchId: string,
    private readonly log: Logger,
    intervalMs = 1000,
  ) {
    this.timer = setInterval(() => this.tick(), intervalMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  track(seq: number, download: LiveDownload): void {
    this.live.set(seq, download);
  }

  untrack(seq: number): void {
    this.live.delete(seq);
  }

  /** Stops the timer and waits for a write in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pending;
  }

  /** Writes the counters now; with `whileRunning`, only if the batch still runs (else the signal aborts). */
  async writeCounts(whileRunning = true): Promise<void> {
    const { rows } = await pool().query(
      `UPDATE batches b SET processed = c.done, succeeded = c.ok, unchanged = c.skipped, failed = c.bad, updated_at = now(), progress_seq = b.progress_seq + 1
       FROM (${COUNTS}) c WHERE b.id = $1 ${whileRunning ? "AND b.state = 'running'" : ""} RETURNING b.id`,
      [this.batchId],
    );
    if (rows.length === 0) this.controller.abort();
  }

  /** Completes the batch with its final counters (with errors if any file failed). */
  async finish(): Promise<void> {
    const { rows } = await pool().query(
      `UPDATE batches b SET processed = c.done, succeeded = c.ok, unchanged = c.skipped, failed = c.bad,
         state = CASE WHEN c.bad > 0 THEN 'completed_with_errors' ELSE 'completed' END, chunks_done = 1,
         finished_at = now(), updated_at = now(), progress_seq = b.progress_seq + 1
       FROM (${COUNTS}) c WHERE b.id = $1 AND b.state = 'running' RETURNING b.id`,
      [this.batchId],
    );
    if (rows.length === 0) this.controller.abort();
  }

  private tick(): void {
    if (this.pending) return;
    this.pending = this.write()
      .catch((err: unknown) => this.log.warn({ err, batchId: this.batchId }, "could not write fetch progress"))
      .finally(() => {
        this.pending = null;
      });
  }

  private async write(): Promise<void> {
    if (this.live.size > 0) {
      const now = Date.now();
      const entries = [...this.live.entries()];
      await pool().query(
        `UPDATE media_fetches m SET bytes = u.bytes, total_bytes = u.total, bytes_per_second = u.bps
         FROM unnest($2::int4[], $3::int8[], $4::int8[], $5::int4[]) AS u(seq, bytes, total, bps)
         WHERE m.batch_id = $1 AND m.seq = u.seq AND m.state = 'downloading'`,
        [
          this.batchId,
          entries.map(([seq]) => seq),
          entries.map(([, d]) => d.bytes),
          entries.map(([, d]) => d.total),
          entries.map(([, d]) => (now > d.startedAt ? Math.round((d.bytes * 1000) / (now - d.startedAt)) : null)),
        ],
      );
    }
    await this.writeCounts();
  }
}
