import type pg from "pg";
import type { Logger } from "pino";
import { WORKER } from "../auth/actor";
import type { BatchKind } from "../contracts/batch";
import { pool } from "../db";
import { AppError } from "../errors";
import { withTransaction } from "../sql/tx";
import { setFigures, type Figures } from "./progress";
import { RECORD_COLUMNS, type BatchRecord } from "./record";
import { finishBatch, tryMove } from "./transition";

/** The batch left `running` (cancelled, say) while its job was working on it. */
export class BatchStopped extends Error {
  constructor() {
    super("The batch is no longer running.");
    this.name = "BatchStopped";
  }
}

/** Another job holds the batch (a retry that started while a stalled attempt still runs). */
class RunnerBusy extends Error {
  constructor(kind: string) {
    super(`${kind} batch already being worked on by another job; retrying later`);
  }
}

export type SingleJob = {
  batchId: string;
  kind: BatchKind;
  log: Logger;
  /** Aborted when the worker shuts down: the job stops and is retried elsewhere. */
  shutdown?: AbortSignal;
  /** How many more times pg-boss retries the job; with none left an unexpected error fails the batch. */
  retriesLeft: number;
  /** What the batch page says when the job fails for a reason not meant for users (the error is logged). */
  failureMessage: string;
  /** The work, on a batch that is running; throws BatchStopped when it noticed the batch stop. */
  work: (batch: BatchRecord) => Promise<void>;
  /** Called when the job finds its batch no longer queued or running (cancelled while queued, say). */
  notRunning?: (batchId: string) => Promise<void>;
};

/** Moves a queued batch to running, or takes over one a previous attempt left running; null when it stopped or finished. */
async function claim(batchId: string, kind: BatchKind): Promise<BatchRecord | null> {
  return withTransaction(async (client) => {
    const { rows } = await client.query<BatchRecord>(`SELECT ${RECORD_COLUMNS} FROM batches b WHERE b.id = $1 AND b.kind = $2 FOR UPDATE`, [batchId, kind]);
    const batch = rows[0];
    if (batch?.state === "queued") return tryMove(client, batchId, "start", WORKER);
    return batch?.state === "running" ? batch : null;
  });
}

/**
 * Runs a batch that one job works from start to end (an export, a fetch): one job at a time per
 * batch (an advisory lock, released with its connection if the worker dies), the start transition,
 * then the work; a failure either leaves the batch running for pg-boss to retry (shutting down, or
 * an unexpected error with retries left) or fails the batch with a message.
 */
export async function runSingleJob(job: SingleJob): Promise<void> {
  const { batchId, kind, log } = job;
  const lock = await pool().connect();
  try {
    const { rows } = await lock.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok", [`${kind}:${batchId}`]);
    // Failing (not returning) keeps the job alive for pg-boss to retry: if the other attempt was a
    // stalled one that dies, a retry takes over instead of the batch staying "running" for ever.
    if (!rows[0]!.ok) throw new RunnerBusy(kind);
    const batch = await claim(batchId, kind);
    if (!batch) {
      await job.notRunning?.(batchId);
      return;
    }
    try {
      await job.work(batch);
    } catch (err) {
      if (err instanceof BatchStopped) {
        log.info({ batchId }, `${kind} stopped: the batch is no longer running`);
        return;
      }
      if (job.shutdown?.aborted || (!(err instanceof AppError) && job.retriesLeft > 0)) throw err;
      log.error({ err, batchId }, `${kind} failed`);
      await withTransaction((client) => finishBatch(client, batchId, "failed", WORKER, { lastError: err instanceof AppError ? err.message : job.failureMessage }));
    }
  } finally {
    await lock.query("SELECT pg_advisory_unlock_all()").catch(() => {});
    lock.release();
  }
}

/**
 * Completes a single-job batch with its final figures in the caller's transaction (with what else
 * must commit with it, e.g. the file becoming visible); BatchStopped when it was cancelled meanwhile.
 */
export async function finishSingleJob(client: pg.PoolClient, batchId: string, figures: Figures): Promise<void> {
  await setFigures(client, batchId, { ...figures, chunksDone: 1 }, { whileRunning: false });
  if (!(await finishBatch(client, batchId, "done", WORKER))) throw new BatchStopped();
}

/**
 * Writes a runner's progress at most once per interval (the progress stream reads it from the batch
 * row) and notices, from the same write, that the batch stopped running: `signal` aborts.
 */
export class ThrottledProgress {
  private readonly controller = new AbortController();
  private lastWrite = 0;
  private pending: Promise<void> | null = null;

  constructor(
    protected readonly batchId: string,
    protected readonly intervalMs = 1000,
  ) {}

  /** Aborted once the batch is seen no longer running. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Waits for a write in flight. */
  async idle(): Promise<void> {
    await this.pending;
  }

  /** Writes figures now; aborts the signal when the batch is no longer running. */
  protected async report(figures: Figures): Promise<void> {
    this.lastWrite = Date.now();
    if (!(await setFigures(pool(), this.batchId, figures, { whileRunning: true }))) this.controller.abort(new BatchStopped());
  }

  /**
   * Runs `write` unless one is in flight or the last began less than `minGapMs` (an interval) ago;
   * never blocks the caller. A timer that already paces the writes passes 0.
   */
  protected throttle(write: () => Promise<void>, onError: (err: unknown) => void = () => {}, minGapMs = this.intervalMs): void {
    if (this.pending || Date.now() - this.lastWrite < minGapMs) return;
    this.lastWrite = Date.now();
    // A missed progress write is harmless; the next one or the final figures catch up.
    this.pending = write()
      .catch(onError)
      .finally(() => {
        this.pending = null;
      });
  }
}
