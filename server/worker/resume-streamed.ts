import type { PgBoss } from "pg-boss";
import { pool } from "../db";
import { liveJobExists } from "../jobs/live-job";
import { exportRunJob } from "../exports/job";
import { mediaFetchJob } from "../media/job";

// Exports and fetches run as one job each (no chunks): the batch lives as long as that job does.
const STREAMED = [
  { type: "export", job: exportRunJob.name },
  { type: "fetch", job: mediaFetchJob.name },
] as const;

/**
 * Queues a new job for every export or fetch left queued or running without a live job: its worker
 * died on the last retry, or shut down after pg-boss had used up the retries. Without this the batch
 * would show "running" for ever. The job starts the export again (a fetch goes on with the files not
 * finished); a job that turns out to be extra finds the batch finished, or waits its turn on the
 * batch's lock, and does nothing twice.
 */
export async function resumeStreamedBatches(boss: PgBoss): Promise<number> {
  let resumed = 0;
  for (const { type, job } of STREAMED) {
    const { rows } = await pool().query<{ id: string }>(
      `SELECT b.id FROM batches b
       WHERE b.state IN ('queued', 'running') AND b.operation->>'type' = $2
         AND NOT ${liveJobExists(1)}`,
      [job, type],
    );
    for (const { id } of rows) await boss.send(job, { batchId: id });
    resumed += rows.length;
  }
  return resumed;
}
