import type { PgBoss } from "pg-boss";
import { pool } from "../../db";
import { liveJobExists } from "../../jobs/live-job";
import { batchRunJob } from "./job";

/**
 * Queues a run for every batch left queued or running with chunks to do. A starting worker does it for
 * all of them (the worker it replaces may have died a moment ago, its job still looking alive); the
 * minute sweep only for batches with no live run job (its jobs died, or pg-boss gave up retrying).
 * An extra run is harmless: chunk claims keep runs from overlapping.
 */
export async function resumeInterruptedBatches(boss: PgBoss, opts: { onlyOrphaned: boolean }): Promise<number> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT b.id FROM batches b
     WHERE b.state IN ('queued', 'running')
       AND EXISTS (SELECT 1 FROM batch_chunks c WHERE c.batch_id = b.id AND c.state = 'pending')
       AND NOT ($2 AND ${liveJobExists(1)})`,
    [batchRunJob.name, opts.onlyOrphaned],
  );
  for (const { id } of rows) await boss.send(batchRunJob.name, { batchId: id }, { retryLimit: 5, retryBackoff: true });
  return rows.length;
}
