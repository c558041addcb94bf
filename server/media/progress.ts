import type pg from "pg";
import type { Logger } from "pino";
import { BatchStopped, finishSingleJob } from "../batches/single-job";
import { setFigures } from "../batches/progress";
import { controlPool } from "../db";
import { withTransaction } from "../sql/tx";

/** A download in flight: bytes so far, the announced size, and when it started. */
export type LiveDownload = { bytes: number; total: number | null; startedAt: number };

type FileCounts = { done: number; ok: number; skipped: number; bad: number };

async function fileCounts(db: pg.Pool | pg.PoolClient, batchId: string): Promise<FileCounts> {
  const { rows } = await db.query<FileCounts>(
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
 * A fetch's progress, written once per interval on a timer (never from the downloads, so slow ones
 * do not delay it): bytes and speed of the downloads in flight to their media_fetches rows, and the
 * batch's counters. The same write notices that the batch was cancelled: `signal` aborts. It goes
 * through the control pool, so a cancel is seen within an interval however busy the main pool is.
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

  /** Aborted once the batch is seen no longer running. */
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
    const db = controlPool();
    const counts = figures(await fileCounts(db, this.batchId));
    const written = await setFigures(db, this.batchId, counts, { whileRunning });
    if (whileRunning && !written) this.controller.abort(new BatchStopped());
  }

  /** Completes the batch with its final counters (with errors if any file failed); BatchStopped if it was cancelled. */
  async finish(): Promise<void> {
    await withTransaction(async (client) => finishSingleJob(client, this.batchId, figures(await fileCounts(client, this.batchId))));
  }

  private tick(): void {
    // A missed progress write is harmless; the next one or the final figures catch up.
    this.pending ??= this.write()
      .catch((err: unknown) => this.log.warn({ err, batchId: this.batchId }, "could not write fetch progress"))
      .finally(() => {
        this.pending = null;
      });
  }

  private async write(): Promise<void> {
    if (this.live.size > 0) {
      const now = Date.now();
      const entries = [...this.live.entries()];
      await controlPool().query(
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
