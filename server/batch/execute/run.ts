import type pg from "pg";
import type { Logger } from "pino";
import { getResource } from "../../resources/registry";
import { withTransaction } from "../../sql/tx";
import { workerId } from "../../worker/identity";
import type { BatchOptions } from "../schemas";
import { applyChunkIsolatingFailures } from "./apply-chunk";
import { closePendingChunks } from "./chunks";

type Step = "chunk" | "stopped" | "finished";

/** Marks the batch finished once no chunk is pending (a chunk another worker holds still counts). */
async function finalize(client: pg.PoolClient, batchId: string): Promise<void> {
  await client.query(
    `UPDATE batches SET state = CASE WHEN failed + conflicts > 0 THEN 'completed_with_errors' ELSE 'completed' END,
       finished_at = now(), updated_at = now(), progress_seq = progress_seq + 1
     WHERE id = $1 AND state = 'running'
       AND NOT EXISTS (SELECT 1 FROM batch_chunks WHERE batch_id = $1 AND state = 'pending')`,
    [batchId],
  );
}

/**
 * One transaction: claim the next pending chunk (SKIP LOCKED, so parallel workers never share one),
 * apply it, mark it done and advance the batch's counters. A crash anywhere rolls all of it back.
 */
async function processNextChunk(client: pg.PoolClient, batchId: string, log: Logger): Promise<Step> {
  const { rows } = await client.query<{ state: string; resource: string; fields_touched: string[]; options: BatchOptions }>(
    "SELECT state, resource, fields_touched, options FROM batches WHERE id = $1",
    [batchId],
  );
  const batch = rows[0];
  if (!batch) return "stopped";
  if (batch.state === "queued") {
    const started = await client.query(
      `UPDATE batches SET state = 'running', started_at = coalesce(started_at, now()), updated_at = now(), progress_seq = progress_seq + 1
       WHERE id = $1 AND state = 'queued'`,
      [batchId],
    );
    // Not ours to start: another worker did (fine), or a pause/cancel committed while we waited for the row.
    if (started.rowCount === 0) {
      const now = await client.query<{ state: string }>("SELECT state FROM batches WHERE id = $1", [batchId]);
      if (now.rows[0]?.state !== "running") return "stopped";
    }
  } else if (batch.state !== "running") {
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
  const processed = Object.values(counts).reduce((a, b) => a + b, 0);
  const abort = batch.options.onError === "abort" && counts.failed + counts.conflict > 0;
  // Before the batch row is touched: other workers' chunks in flight finish first (see closePendingChunks).
  if (abort) await closePendingChunks(client, batchId);
  await client.query(
    `UPDATE batches SET processed = processed + $2, succeeded = succeeded + $3, unchanged = unchanged + $4, invalid = invalid + $5,
       conflicts = conflicts + $6, failed = failed + $7, chunks_done = chunks_done + 1, progress_seq = progress_seq + 1, updated_at = now(),
       state = CASE WHEN $8 AND state = 'running' THEN 'failed' ELSE state END,
       finished_at = CASE WHEN $8 AND state = 'running' THEN now() ELSE finished_at END,
       last_error = CASE WHEN $8 THEN 'Stopped after rows failed (on error: abort).' ELSE last_error END
     WHERE id = $1`,
    [batchId, processed, counts.succeeded, counts.unchanged, counts.invalid, counts.conflict, counts.failed, abort],
  );
  log.debug({ batchId, chunk: claimed.chunk_no, ms, ...counts }, "chunk applied");
  return "chunk";
}

/**
 * Applies chunks until none is left or the batch is paused/cancelled. Safe to run on many workers at
 * once. When the worker shuts down it stops after the chunk in hand and fails the job on purpose, so
 * pg-boss hands the rest of the batch to another worker.
 */
export async function runBatch(batchId: string, log: Logger, signal?: AbortSignal): Promise<void> {
  for (;;) {
    const step = await withTransaction((client) => processNextChunk(client, batchId, log));
    if (step !== "chunk") return;
    if (signal?.aborted) throw new Error("worker shutting down; the batch continues on another worker");
  }
}
