import type pg from "pg";
import type { BatchRecord } from "./record";

// Whose turn it is in a sequential batch job (job-chain.ts): asked by the commit (which refuses a
// later operation early) and by the batch's summary (which then offers no commit).

/** The index of the earlier operation a later operation of a sequential job waits for, or null (its turn, or no such job). */
export async function awaitedOperation(client: pg.PoolClient | pg.Pool, batch: Pick<BatchRecord, "jobId" | "jobIndex">): Promise<number | null> {
  if (!batch.jobId || batch.jobIndex === null) return null;
  const { rows } = await client.query<{ index: number }>(
    `SELECT b.job_index AS index FROM batches b JOIN batch_jobs j ON j.id = b.job_id
     WHERE b.job_id = $1 AND b.job_index < $2 AND coalesce((j.options->>'parallel')::boolean, true) = false
       AND b.state NOT IN ('completed', 'completed_with_errors', 'failed', 'cancelled', 'discarded')
     ORDER BY b.job_index LIMIT 1`,
    [batch.jobId, batch.jobIndex],
  );
  return rows[0]?.index ?? null;
}

