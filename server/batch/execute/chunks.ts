import type pg from "pg";

/**
 * Marks a batch's not-yet-claimed chunks cancelled so no worker can claim them, then waits for the
 * chunks workers are applying (each locked by its worker until it commits, and then done, not
 * pending), so when the caller commits, nothing of the batch is still in flight. The unclaimed ones
 * are closed first, at once: waiting on a chunk in flight before reaching them would let a worker
 * claim the next one meanwhile.
 */
export async function closePendingChunks(client: pg.PoolClient, batchId: string): Promise<void> {
  await client.query(
    `UPDATE batch_chunks SET state = 'cancelled' WHERE batch_id = $1 AND chunk_no IN
       (SELECT chunk_no FROM batch_chunks WHERE batch_id = $1 AND state = 'pending' FOR UPDATE SKIP LOCKED)`,
    [batchId],
  );
  await client.query("UPDATE batch_chunks SET state = 'cancelled' WHERE batch_id = $1 AND state = 'pending'", [batchId]);
}
