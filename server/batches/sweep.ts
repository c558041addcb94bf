import { pool } from "../db";
import { liveJobExists } from "../jobs/live-job";
import { settleEndedFetches } from "../media/settle";
import { KINDS } from "./kinds";

/**
 * Queues a job for every queued or running batch, of any kind, whose job died: its worker was
 * killed on the last retry, or pg-boss gave up. Without this such a batch would show "running" for
 * ever. A chunked batch's run picks up its pending chunks — or, when none is left (the last chunk
 * committed and the worker died before finishing the batch), finishes it; a single-job kind's job
 * starts over from what its runner kept. An extra job is harmless: chunk claims and the runners'
 * locks keep work from happening twice.
 *
 * It also closes what no job will close any more: the files of a fetch that ended (a cancel, say)
 * after its worker died mid-download, which would otherwise stay `downloading` for ever.
 *
 * A starting worker passes `starting`: then every unfinished chunked batch gets a run, live job or
 * not, because the worker it replaces may have died a moment ago with its jobs still looking alive.
 */
export async function sweepOrphanedBatches(opts: { starting: boolean }): Promise<number> {
  let queued = 0;
  for (const kind of Object.values(KINDS)) {
    const everyOne = opts.starting && kind.chunked;
    const { rows } = await pool().query<{ id: string }>(
      `SELECT b.id FROM batches b WHERE b.kind = $2 AND b.state IN ('queued', 'running') AND ($3 OR NOT ${liveJobExists(1)})`,
      [kind.job.name, kind.kind, everyOne],
    );
    for (const { id } of rows) await kind.job.send({ batchId: id });
    queued += rows.length;
  }
  await settleEndedFetches();
  return queued;
}
