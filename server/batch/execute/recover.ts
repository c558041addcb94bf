import type { PgBoss } from "pg-boss";
import { pool } from "../../db";
import { batchRunJob } from "./job";

/**
 * Queues a run for every batch left queued or running with chunks to do but no live run job: its jobs
 * died with a worker, or pg-boss gave up retrying them. Workers call this on start and every minute.
 * An extra run is harmless: chunk claims keep runs from overlapping.
 */
export async function resumeInterruptedBatches(boss: PgBoss): Promise<number> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT b.id FROM batches b
     WHERE b.state IN ('queued', 'running')
       AND EXISTS (SELECT 1 FROM batch_chunks c WHERE c.batch_id = b.id AND c.state = 'pending')
       AND NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = $1 AND j.data->>'batchId' = b.id::text
                         AND j.state IN ('created', 'retry', 'active'))`,
    [batchRunJob.name],
  );
  for (const { id } of rows) await boss.send(batchRunJob.name, { batchId: id }, { retryLimit: 5, retryBackoff: true });
  return rows.length;
}
