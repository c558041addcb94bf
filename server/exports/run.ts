import type { Logger } from "pino";
import { pool } from "../db";
import { AppError } from "../errors";
import { getField, getResource } from "../resources/registry";
import { withTransaction } from "../sql/tx";
import { createFileRow, deleteFile, deleteUnfinishedFiles, markReady, StoredFileWriter } from "../storage/writer";
import { FORMATS } from "./formats";
import { ExportProgress, ExportStopped } from "./progress";
import { exportOperationSchema, exportTargetSchema } from "./schemas";
import { streamExport } from "./stream";

export type RunOptions = {
  /** Aborted when the worker shuts down: the export stops and its job is retried elsewhere. */
  shutdown?: AbortSignal;
  /** How many more times pg-boss will retry this job; with none left an error fails the batch. */
  retriesLeft?: number;
  /** How often progress is written (default once a second; tests use less). */
  progressIntervalMs?: number;
};

type Claimed = { resource: string; operation: unknown; target: unknown; created_by_id: string };

/** Moves a queued (or retried, still running) export to running; null when it was cancelled or is finished. */
async function claim(batchId: string): Promise<Claimed | null> {
  const { rows } = await pool().query<Claimed>(
    `UPDATE batches SET state = 'running', started_at = coalesce(started_at, now()), updated_at = now(), progress_seq = progress_seq + 1
     WHERE id = $1 AND state IN ('queued', 'running') AND operation->>'type' = 'export'
     RETURNING resource, operation, target, created_by_id`,
    [batchId],
  );
  return rows[0] ?? null;
}

async function fail(batchId: string, err: unknown, log: Logger): Promise<void> {
  // Only messages written for users reach the batch page; anything else is logged, not shown.
  const message = err instanceof AppError ? err.message : "The export failed on the server (the error has been logged). Try again.";
  log.error({ err, batchId }, "export failed");
  await pool().query(
    `UPDATE batches SET state = 'failed', last_error = $2, finished_at = now(), updated_at = now(), progress_seq = progress_seq + 1
     WHERE id = $1 AND state = 'running'`,
    [batchId, message],
  );
}

/**
 * Runs one export batch in the worker: streams the rows into a new stored file and, in one
 * transaction, makes the file visible and completes the batch. Anything that stops it half-way
 * (a crash, a cancel, an error) leaves no visible file; a retried job deletes what an earlier attempt
 * left and starts again from the first row.
 */
export async function runExport(batchId: string, log: Logger, opts: RunOptions = {}): Promise<void> {
  // pg-boss runs a job once, but a retry can start while a stalled first attempt still runs: the
  // lock (released with its connection if the worker dies) keeps one writer per export.
  const lock = await pool().connect();
  try {
    const { rows } = await lock.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok", [`export:${batchId}`]);
    // Failing (not returning) keeps the job alive for pg-boss to retry: if the other attempt was a
    // stalled one that dies, a retry takes over instead of the batch staying "running" for ever.
    if (!rows[0]!.ok) throw new Error("export already being written by another worker; retrying later");
    await writeExport(batchId, log, opts);
  } finally {
    await lock.query("SELECT pg_advisory_unlock_all()").catch(() => {});
    lock.release();
  }
}

async function writeExport(batchId: string, log: Logger, { shutdown, retriesLeft = 0, progressIntervalMs }: RunOptions): Promise<void> {
  const batch = await claim(batchId);
  if (!batch) return;
  const op = exportOperationSchema.parse(batch.operation);
  const target = exportTargetSchema.parse(batch.target);
  const res = getResource(batch.resource);
  const fields = op.fields.map((name) => getField(res, name));

  await deleteUnfinishedFiles(batchId);
  const fileId = await createFileRow({
    kind: "export",
    name: op.fileName,
    mime: FORMATS[op.format].mime,
    format: op.format,
    resource: res.name,
    createdById: batch.created_by_id,
    batchId,
  });
  const progress = new ExportProgress(batchId, progressIntervalMs);
  const writer = new StoredFileWriter(fileId);
  const started = Date.now();
  try {
    const { rows } = await streamExport({
      res,
      fields,
      target,
      format: op.format,
      output: writer,
      signal: shutdown ? AbortSignal.any([progress.signal, shutdown]) : progress.signal,
      onTotal: (total) => progress.setTotal(total),
      onRows: (n) => progress.tick(n),
    });
    await progress.idle();
    await withTransaction(async (client) => {
      await markReady(client, fileId, writer.written, rows);
      const done = await client.query(
        `UPDATE batches SET state = 'completed', total_items = $2, processed = $2, succeeded = $2, chunk_count = 1, chunks_done = 1,
           finished_at = now(), updated_at = now(), progress_seq = progress_seq + 1
         WHERE id = $1 AND state = 'running'`,
        [batchId, rows],
      );
      if (done.rowCount === 0) throw new ExportStopped();
    });
    log.info({ batchId, rows, bytes: writer.written.size, ms: Date.now() - started, format: op.format }, "export written");
  } catch (err) {
    await progress.idle();
    await deleteFile(fileId).catch((e: unknown) => log.warn({ err: e, fileId }, "could not delete an unfinished export file"));
    if (err instanceof ExportStopped || progress.signal.aborted) {
      log.info({ batchId }, "export stopped: the batch is no longer running");
      return;
    }
    // Shutting down, or a failure another attempt may not meet (a lost connection): leave the batch
    // running and let pg-boss retry the job, which starts the file again from scratch.
    if (shutdown?.aborted || (!(err instanceof AppError) && retriesLeft > 0)) throw err;
    await fail(batchId, err, log);
  }
}
