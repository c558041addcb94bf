import type pg from "pg";
import type { Logger } from "pino";
import { WORKER } from "../../auth/actor";
import { closePendingChunks } from "../../batches/chunks";
import { addChunkCounts } from "../../batches/progress";
import { setting } from "../../config";
import { finishBatch, tryMove } from "../../batches/transition";
import { optionsSchema, type BatchState } from "../../contracts/batch";
import { workerId } from "../../process";
import { getResource } from "../../resources/registry";
import { withTransaction } from "../../sql/tx";
import { applyChunkIsolatingFailures } from "./apply-chunk";

type Step = "chunk" | "stopped" | "finished";

const ABORTED = "Stopped after rows failed (on error: abort).";

/**
 * Finishes the batch once no chunk is pending (a chunk another worker holds still counts, so only
 * the run that applies the last one finishes it). A batch whose chunks were closed without a cancel
 * (an abort that raced a pause) never applied those rows: it failed, it did not complete.
 */
async function finalize(client: pg.PoolClient, batchId: string): Promise<void> {
  const { rows } = await client.query<{ pending: boolean; closed: boolean }>(
    `SELECT bool_or(state = 'pending') AS pending, bool_or(state = 'cancelled') AS closed FROM batch_chunks WHERE batch_id = $1`,
    [batchId],
  );
  if (rows[0]?.pending) return;
  await finishBatch(client, batchId, rows[0]?.closed ? "failed" : "done", WORKER, rows[0]?.closed ? { lastError: ABORTED } : {});
}

/**
 * One transaction: claim the next pending chunk (SKIP LOCKED, so parallel workers never share one),
 * apply it, mark it done and advance the batch's counters. A crash anywhere rolls all of it back.
 */
async function processNextChunk(client: pg.PoolClient, batchId: string, log: Logger, claim: { chunkNo: number | null }): Promise<Step> {
  const { rows } = await client.query<{ state: BatchState; resource: string; fields_touched: string[]; options: unknown }>(
    "SELECT state, resource, fields_touched, options FROM batches WHERE id = $1 AND kind = 'rows'",
    [batchId],
  );
  const batch = rows[0];
  if (!batch) return "stopped";
  // Queued: this run starts it — unless another did (fine), or a pause/cancel committed first.
  if (batch.state === "queued" && !(await tryMove(client, batchId, "start", WORKER))) {
    const now = await client.query<{ state: BatchState }>("SELECT state FROM batches WHERE id = $1", [batchId]);
    if (now.rows[0]?.state !== "running") return "stopped";
  } else if (batch.state !== "queued" && batch.state !== "running") {
    return "stopped"; // paused, cancelled or finished: stop between chunks
  }
  const chunk = await client.query<{ chunk_no: number; first_seq: number; last_seq: number }>(
    `SELECT chunk_no, first_seq, last_seq FROM batch_chunks WHERE batch_id = $1 AND state = 'pending'
     ORDER BY chunk_no LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [batchId],
  );
  const claimed = chunk.rows[0];
  if (!claimed) {
    await finalize(client, batchId);
    return "finished";
  }
  claim.chunkNo = claimed.chunk_no;
  const started = Date.now();
  const counts = await applyChunkIsolatingFailures(client, getResource(batch.resource), batch.fields_touched, {
    batchId,
    firstSeq: claimed.first_seq,
    lastSeq: claimed.last_seq,
  });
  const ms = Date.now() - started;
  await client.query(`UPDATE batch_chunks SET state = 'done', worker_id = $3, done_at = now(), ms = $4 WHERE batch_id = $1 AND chunk_no = $2`, [
    batchId,
    claimed.chunk_no,
    workerId,
    ms,
  ]);
  const abort = optionsSchema.parse(batch.options).onError === "abort" && counts.failed + counts.conflict > 0;
  // Before the batch row is touched: other workers' chunks in flight finish first (see closePendingChunks).
  if (abort) await closePendingChunks(client, batchId);
  await addChunkCounts(client, batchId, counts);
  if (abort) await finishBatch(client, batchId, "failed", WORKER, { lastError: ABORTED });
  log.debug({ batchId, chunk: claimed.chunk_no, ms, ...counts }, "chunk applied");
  return "chunk";
}

/**
 * Counts a failed run of a chunk (its transaction was rolled back, so in a statement of its own) and,
 * at CHUNK_MAX_ATTEMPTS, fails the batch: an error that is not about the chunk's rows (those are
 * isolated per item) and comes back on every retry would otherwise be retried for ever, by pg-boss
 * and then by the minute sweep. True when the batch was failed.
 */
async function countFailedRun(batchId: string, chunkNo: number, err: unknown, log: Logger): Promise<boolean> {
  const max = setting("CHUNK_MAX_ATTEMPTS");
  try {
    return await withTransaction(async (client) => {
      const { rows } = await client.query<{ attempts: number; first_seq: number; last_seq: number }>(
        `UPDATE batch_chunks SET attempts = attempts + 1 WHERE batch_id = $1 AND chunk_no = $2 AND state = 'pending'
         RETURNING attempts, first_seq, last_seq`,
        [batchId, chunkNo],
      );
      const chunk = rows[0];
      log.warn({ err, batchId, chunk: chunkNo, attempt: chunk?.attempts, max }, "chunk failed; its transaction was rolled back");
      if (!chunk || chunk.attempts < max) return false;
      await closePendingChunks(client, batchId);
      const lastError =
        `Rows ${chunk.first_seq}–${chunk.last_seq} failed ${chunk.attempts} times with a server error that is not about their data ` +
        `(the error has been logged), so the batch was stopped. Rows applied before stay applied; the rest were not.`;
      return (await finishBatch(client, batchId, "failed", WORKER, { lastError })) !== null;
    });
  } catch (countErr) {
    // The database itself may be what fails; then the job's retry counts the next attempt.
    log.error({ err: countErr, batchId, chunk: chunkNo }, "could not count a failed chunk run");
    return false;
  }
}

/**
 * Applies chunks until none is left or the batch is paused/cancelled. Safe to run on many workers at
 * once. When the worker shuts down it stops after the chunk in hand and fails the job on purpose, so
 * pg-boss hands the rest of the batch to another worker. A chunk that fails is counted, and the job
 * fails so pg-boss retries it, until the batch fails at CHUNK_MAX_ATTEMPTS (see countFailedRun).
 */
export async function runBatch(batchId: string, log: Logger, signal?: AbortSignal): Promise<void> {
  for (;;) {
    const claim: { chunkNo: number | null } = { chunkNo: null };
    let step: Step;
    try {
      step = await withTransaction((client) => processNextChunk(client, batchId, log, claim));
    } catch (err) {
      if (claim.chunkNo !== null && (await countFailedRun(batchId, claim.chunkNo, err, log))) return;
      throw err;
    }
    if (step !== "chunk") return;
    if (signal?.aborted) throw new Error("worker shutting down; the batch continues on another worker");
  }
}
