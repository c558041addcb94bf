import type { PgBoss } from "pg-boss";
import { pool } from "../../db";
import { batchRunJob } from "./job";

/**
 * On worker start: queue a run for every batch left queued or running (its jobs may have died with
 * a previous worker). Extra runs are harmless: chunk claims keep them from overlapping.
 */
export async function resumeInterruptedBatches(boss: PgBoss): Promise<number> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT b.id FROM batches b WHERE b.state IN ('queued', 'running')
       AND EXISTS (SELECT 1 FROM batch_chunks c WHERE c.batch_id = b.id AND c.state = 'pending')`,
  );
  for (const { id } of rows) await boss.send(batchRunJob.name, { batchId: id }, { retryLimit: 5, retryBackoff: true });
  return rows.length;
}
