import type pg from "pg";

/**
 * Cuts a committed batch's frozen items into chunks of `size` consecutive items, the unit a worker
 * claims and applies in one transaction. Returns how many there are.
 */
export async function cutChunks(client: pg.PoolClient, batchId: string, size: number, items: number): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `WITH c AS (INSERT INTO batch_chunks (batch_id, chunk_no, first_seq, last_seq)
       SELECT $1, n, (n - 1) * $2 + 1, least(n * $2, $3) FROM generate_series(1, ceil($3::numeric / $2)::int) n RETURNING 1)
     SELECT count(*)::int AS n FROM c`,
    [batchId, size, items],
  );
  return rows[0]!.n;
}

/**
 * Marks a batch's not-yet-claimed chunks cancelled so no worker can claim them, then waits for the
 * chunks workers are applying (each locked by its worker until it commits, and then done, not
 * pending), so when the caller commits, nothing of the batch is still in flight. The unclaimed ones
 * are closed first, at once: waiting on a chunk in flight before reaching them would let its worker
 * claim the next one meanwhile. Call it before locking the batch row, which those workers still
 * have to update.
 */
export async function closePendingChunks(client: pg.PoolClient, batchId: string): Promise<void> {
  await client.query(
    `UPDATE batch_chunks SET state = 'cancelled' WHERE batch_id = $1 AND chunk_no IN
       (SELECT chunk_no FROM batch_chunks WHERE batch_id = $1 AND state = 'pending' FOR UPDATE SKIP LOCKED)`,
    [batchId],
  );
  await client.query("UPDATE batch_chunks SET state = 'cancelled' WHERE batch_id = $1 AND state = 'pending'", [batchId]);
}
