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
import { pool } from "../../db";
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

type Claimed = { chunk_no: number; first_seq: number; last_seq: number; attempts: number };
type BatchRow = { state: BatchState; resource: string; fields_touched: string[]; options: unknown };

/**
 * The chunk's claim outlives its transaction as a session advisory lock on the worker's connection
 * (two 32-bit keys, a space apart from the app's one-key locks): the claim transaction commits the
 * attempt, and between that commit and the apply transaction's row lock no other worker may take
 * the chunk. A hash collision with another batch's chunk only makes a worker skip a chunk for a
 * moment (the sweep re-queues a batch left with pending chunks and no job).
 */
const LOCK_CHUNK = "pg_try_advisory_lock(hashtext($1::text), chunk_no)";
const UNLOCK_CHUNK = "SELECT pg_advisory_unlock(hashtext($1::text), $2)";

/** Whether the batch is one a worker should apply now; moves a queued one to running. */
async function runnable(client: pg.PoolClient, batchId: string): Promise<BatchRow | null> {
  const { rows } = await client.query<BatchRow>("SELECT state, resource, fields_touched, options FROM batches WHERE id = $1 AND kind = 'rows'", [batchId]);
  const batch = rows[0];
  if (!batch) return null;
  // Queued: this run starts it — unless another did (fine), or a pause/cancel committed first.
  if (batch.state === "queued" && !(await tryMove(client, batchId, "start", WORKER))) {
    const now = await client.query<{ state: BatchState }>("SELECT state FROM batches WHERE id = $1", [batchId]);
    return now.rows[0]?.state === "running" ? batch : null;
  }
  return batch.state === "queued" || batch.state === "running" ? batch : null; // paused, cancelled or finished: stop between chunks
}

/**
 * The claim, committed on its own: the next pending chunk no other worker holds (row-locked while
 * applying, SKIP LOCKED; or advisory-locked between its claim and its apply), locked for this
 * connection, with its attempt counted. A worker that dies while applying a chunk has its apply
 * rolled back, but not this count, so a chunk that kills every worker taking it (a poison chunk)
 * still reaches CHUNK_MAX_ATTEMPTS: the claim after the last allowed attempt fails the batch instead
 * of applying it again. Null when no chunk is free (the batch may then be finished).
 */
async function claimNextChunk(client: pg.PoolClient, batchId: string, log: Logger, locked: { chunkNo: number | null }): Promise<{ step: Step; chunk?: Claimed }> {
  return inTransaction(client, async () => {
    if (!(await runnable(client, batchId))) return { step: "stopped" };
    let after = 0;
    for (;;) {
      const { rows } = await client.query<{ chunk_no: number; locked: boolean }>(
        `SELECT chunk_no, ${LOCK_CHUNK} AS locked FROM (
           SELECT chunk_no FROM batch_chunks WHERE batch_id = $1 AND state = 'pending' AND chunk_no > $2
           ORDER BY chunk_no LIMIT 1 FOR UPDATE SKIP LOCKED) c`,
        [batchId, after],
      );
      const next = rows[0];
      if (!next) {
        await finalize(client, batchId);
        return { step: "finished" };
      }
      if (!next.locked) {
        after = next.chunk_no; // between another worker's claim and its apply
        continue;
      }
      locked.chunkNo = next.chunk_no;
      const counted = await client.query<Claimed>(
        `UPDATE batch_chunks SET attempts = attempts + 1, worker_id = $3 WHERE batch_id = $1 AND chunk_no = $2
         RETURNING chunk_no, first_seq, last_seq, attempts`,
        [batchId, next.chunk_no, workerId],
      );
      const chunk = counted.rows[0]!;
      const max = setting("CHUNK_MAX_ATTEMPTS");
      if (chunk.attempts <= max) return { step: "chunk", chunk };
      // Every allowed run of it ended without committing, some (or all) without even reporting an error.
      log.error({ batchId, chunk: chunk.chunk_no, attempts: chunk.attempts - 1, max }, "chunk never finished; failing its batch");
      await closePendingChunks(client, batchId);
      const lastError =
        `Rows ${chunk.first_seq}–${chunk.last_seq} were started ${max} times and never finished (a worker stopped or failed ` +
        `while applying them each time; see the worker logs), so the batch was stopped. Rows applied before stay applied; the rest were not.`;
      await finishBatch(client, batchId, "failed", WORKER, { lastError });
      return { step: "stopped" };
    }
  });
}

/**
 * One transaction: apply the claimed chunk, mark it done and advance the batch's counters. A crash
 * anywhere rolls all of it back (the attempt stays counted). A pause or cancel that committed since
 * the claim wins: the chunk is left (a cancel closed it) and its attempt given back.
 */
async function applyClaimed(client: pg.PoolClient, batchId: string, claimed: Claimed, log: Logger): Promise<Step> {
  return inTransaction(client, async () => {
    const { rows } = await client.query<{ state: string }>("SELECT state FROM batch_chunks WHERE batch_id = $1 AND chunk_no = $2 FOR UPDATE", [
      batchId,
      claimed.chunk_no,
    ]);
    const batch = rows[0]?.state === "pending" ? await runnable(client, batchId) : null;
    if (!batch) {
      await client.query("UPDATE batch_chunks SET attempts = attempts - 1 WHERE batch_id = $1 AND chunk_no = $2 AND attempts > 0", [batchId, claimed.chunk_no]);
      return "stopped";
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
    const abort = optionsSchema.parse(batch.options).onError === "abort" && counts.failed + counts.conflict > 0;
    // Before the batch row is touched: other workers' chunks in flight finish first (see closePendingChunks).
    if (abort) await closePendingChunks(client, batchId);
    await addChunkCounts(client, batchId, counts);
    if (abort) await finishBatch(client, batchId, "failed", WORKER, { lastError: ABORTED });
    log.debug({ batchId, chunk: claimed.chunk_no, ms, ...counts }, "chunk applied");
    return "chunk";
  });
}

/** Runs `fn` in a transaction on `client`: committed if it returns, rolled back if it throws. */
async function inTransaction<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await fn();
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  }
}

/**
 * After a failed run of a chunk (its transaction rolled back; the attempt was counted at its claim):
 * at CHUNK_MAX_ATTEMPTS, fails the batch: an error that is not about the chunk's rows (those are
 * isolated per item) and comes back on every retry would otherwise be retried for ever, by pg-boss
 * and then by the minute sweep. True when the batch was failed.
 */
async function failAtMaxAttempts(batchId: string, chunkNo: number, err: unknown, log: Logger): Promise<boolean> {
  const max = setting("CHUNK_MAX_ATTEMPTS");
  try {
    return await withTransaction(async (client) => {
      const { rows } = await client.query<{ attempts: number; first_seq: number; last_seq: number }>(
        `SELECT attempts, first_seq, last_seq FROM batch_chunks WHERE batch_id = $1 AND chunk_no = $2 AND state = 'pending' FOR UPDATE`,
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
    // The database itself may be what fails; then the job's retry finds the count at its next claim.
    log.error({ err: countErr, batchId, chunk: chunkNo }, "could not check a failed chunk run");
    return false;
  }
}

/** Claims and applies one chunk on one connection, which holds the claim's advisory lock until done. */
async function processNextChunk(batchId: string, log: Logger, claim: { chunkNo: number | null }): Promise<Step> {
  const client = await pool().connect();
  const locked: { chunkNo: number | null } = { chunkNo: null };
  try {
    const next = await claimNextChunk(client, batchId, log, locked);
    if (!next.chunk) return next.step;
    claim.chunkNo = next.chunk.chunk_no;
    return await applyClaimed(client, batchId, next.chunk, log);
  } finally {
    // A connection that cannot unlock is discarded: its session, and so its lock, ends with it.
    const unlocked =
      locked.chunkNo === null ||
      (await client.query(UNLOCK_CHUNK, [batchId, locked.chunkNo]).then(
        () => true,
        () => false,
      ));
    client.release(!unlocked);
  }
}

/**
 * Applies chunks until none is left or the batch is paused/cancelled. Safe to run on many workers at
 * once. When the worker shuts down it stops after the chunk in hand and fails the job on purpose, so
 * pg-boss hands the rest of the batch to another worker. A chunk that fails is counted, and the job
 * fails so pg-boss retries it, until the batch fails at CHUNK_MAX_ATTEMPTS (see claimNextChunk and
 * failAtMaxAttempts); a run that dies mid-chunk counts too.
 */
export async function runBatch(batchId: string, log: Logger, signal?: AbortSignal): Promise<void> {
  for (;;) {
    const claim: { chunkNo: number | null } = { chunkNo: null };
    let step: Step;
    try {
      step = await processNextChunk(batchId, log, claim);
    } catch (err) {
      if (claim.chunkNo !== null && (await failAtMaxAttempts(batchId, claim.chunkNo, err, log))) return;
      throw err;
    }
    if (step !== "chunk") return;
    if (signal?.aborted) throw new Error("worker shutting down; the batch continues on another worker");
  }
}
