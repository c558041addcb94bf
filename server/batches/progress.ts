import type pg from "pg";
import type { ItemResult } from "../contracts/batch";

type Db = pg.Pool | pg.PoolClient;

/** A batch's result counters; the column `conflicts` holds the result `conflict`. */
export type Counts = Record<ItemResult, number>;

/**
 * Adds one applied chunk's counts to a batch (in the chunk's transaction, so counters never drift
 * from the results written) and bumps `progress_seq`, the progress stream's event id.
 */
export async function addChunkCounts(client: pg.PoolClient, batchId: string, c: Counts): Promise<void> {
  const processed = c.succeeded + c.unchanged + c.invalid + c.conflict + c.failed;
  await client.query(
    `UPDATE batches SET processed = processed + $2, succeeded = succeeded + $3, unchanged = unchanged + $4, invalid = invalid + $5,
       conflicts = conflicts + $6, failed = failed + $7, chunks_done = chunks_done + 1, progress_seq = progress_seq + 1, updated_at = now()
     WHERE id = $1`,
    [batchId, processed, c.succeeded, c.unchanged, c.invalid, c.conflict, c.failed],
  );
}

/** Absolute figures a single-job runner reports (rows written, files done). */
export type Figures = Partial<Counts> & { processed?: number; total?: number; chunksDone?: number };

/**
 * Sets a batch's figures and bumps `progress_seq`. With `whileRunning` it writes only while the
 * batch is running and returns false otherwise: that is how a runner notices a cancel.
 */
export async function setFigures(db: Db, batchId: string, f: Figures, opts: { whileRunning: boolean }): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE batches SET total_items = coalesce($2, total_items), processed = coalesce($3, processed), succeeded = coalesce($4, succeeded),
       unchanged = coalesce($5, unchanged), invalid = coalesce($6, invalid), conflicts = coalesce($7, conflicts), failed = coalesce($8, failed),
       chunks_done = coalesce($9, chunks_done), progress_seq = progress_seq + 1, updated_at = now()
     WHERE id = $1 AND (NOT $10 OR state = 'running')`,
    [batchId, f.total ?? null, f.processed ?? null, f.succeeded ?? null, f.unchanged ?? null, f.invalid ?? null, f.conflict ?? null, f.failed ?? null, f.chunksDone ?? null, opts.whileRunning],
  );
  return (rowCount ?? 0) > 0;
}
