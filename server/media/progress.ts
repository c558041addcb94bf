import type { Logger } from "pino";
import { finishSingleJob, ThrottledProgress } from "../batches/single-job";
import { setFigures } from "../batches/progress";
import { pool } from "../db";
import { withTransaction } from "../sql/tx";

/** A download in flight: bytes so far, the announced size, and when it started. */
export type LiveDownload = { bytes: number; total: number | null; startedAt: number };

type FileCounts = { done: number; ok: number; skipped: number; bad: number };

async function fileCounts(batchId: string): Promise<FileCounts> {
  const { rows } = await pool().query<FileCounts>(
    `SELECT count(*) FILTER (WHERE state IN ('downloaded', 'skipped', 'failed'))::int AS done,
       count(*) FILTER (WHERE state = 'downloaded')::int AS ok,
       count(*) FILTER (WHERE state = 'skipped')::int AS skipped,
       count(*) FILTER (WHERE state = 'failed')::int AS bad
     FROM media_fetches WHERE batch_id = $1`,
    [batchId],
  );
  return rows[0]!;
}

// Files skipped because they were already there count as the batch's `unchanged`.
const figures = (c: FileCounts) => ({ processed: c.done, succeeded: c.ok, unchanged: c.skipped, failed: c.bad });

/**
 * A fetch's progress, written once per interval on a timer: bytes and speed of the downloads in
 * flight to their media_fetches rows, and the batch's counters. The same write notices that the
 * batch was cancelled: `signal` aborts.
 */
export class FetchProgress extends ThrottledProgress {
  private readonly live = new Map<number, LiveDownload>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    batchId: string,
    private readonly log: Logger,
    intervalMs = 1000,
  ) {
    super(batchId, intervalMs);
    this.timer = setInterval(
      () => this.throttle(() => this.write(), (err) => this.log.warn({ err, batchId }, "could not write fetch progress"), 0),
      intervalMs,
    );
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
    await this.idle();
  }

  /** Writes the counters now; with `whileRunning`, only if the batch still runs (else the signal aborts). */
  async writeCounts(whileRunning = true): Promise<void> {
    const counts = figures(await fileCounts(this.batchId));
    if (whileRunning) await this.report(counts);
    else await setFigures(pool(), this.batchId, counts, { whileRunning: false });
  }

  /** Completes the batch with its final counters (with errors if any file failed); BatchStopped if it was cancelled. */
  async finish(): Promise<void> {
    const counts = figures(await fileCounts(this.batchId));
    await withTransaction((client) => finishSingleJob(client, this.batchId, counts));
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
