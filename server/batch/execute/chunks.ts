import type pg from "pg";

/**
 * Marks a batch's not-yet-claimed chunks cancelled so no worker can claim them. A chunk a worker is
 * applying is locked by that worker: this waits for it to commit (then it is done, not pending), so
 * when the caller commits, nothing of the batch is still in flight.
 */
export async function closePendingChunks(client: pg.PoolClient, batchId: string): Promise<void> {
  await client.query("UPDATE batch_chunks SET state = 'cancelled' WHERE batch_id = $1 AND state = 'pending'", [batchId]);
}
