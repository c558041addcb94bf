import type pg from "pg";
import { FINAL_STATES } from "../contracts/batch";
import { pool } from "../db";
import { mediaFetchJob } from "../jobs/definitions";
import { liveJobExists } from "../jobs/live-job";

/**
 * SQL: the download_state a media file goes back to when a download of it stops unfinished: what
 * the fetch recorded when it started (`f.prior_download_state`), or for rows from before that was
 * recorded, what its stored copy says.
 */
export const PRIOR_STATE_SQL = `coalesce(f.prior_download_state, CASE WHEN m.stored_file_id IS NOT NULL THEN 'downloaded' ELSE 'pending' END)`;

/**
 * Closes the files a fetch left open (pending or downloading) once the fetch has ended, cancelled
 * or failed: they end cancelled (failed when the fetch failed), and a media file left
 * `downloading` gets back the state it had before, with a message on the file's row saying the
 * download was interrupted. `batchId` settles that fetch (its own job calls it, so a live job does
 * not count); without it, every ended fetch whose job is gone (a worker that crashed, then a cancel).
 * Returns how many files it closed.
 */
export async function settleEndedFetches(opts: { batchId?: string } = {}, db: pg.Pool | pg.PoolClient = pool()): Promise<number> {
  const { rows } = await db.query<{ files: number }>(
    `WITH ended AS (
       SELECT b.id, b.state FROM batches b
       WHERE b.kind = 'fetch' AND b.state = ANY($1::text[]) AND ${opts.batchId ? "b.id = $2" : `NOT ${liveJobExists(2)}`}
         AND EXISTS (SELECT 1 FROM media_fetches x WHERE x.batch_id = b.id AND x.state IN ('pending', 'downloading'))),
     open AS (
       SELECT f.batch_id, f.seq, f.media_file_id, f.state AS was, f.prior_download_state, e.state AS batch_state
       FROM media_fetches f JOIN ended e ON e.id = f.batch_id WHERE f.state IN ('pending', 'downloading') FOR UPDATE OF f),
     closed AS (
       UPDATE media_fetches f SET state = CASE WHEN o.batch_state = 'cancelled' THEN 'cancelled' ELSE 'failed' END,
         bytes = 0, bytes_per_second = NULL, finished_at = now(),
         error = CASE WHEN o.was = 'downloading' THEN jsonb_build_object('message', CASE WHEN o.batch_state = 'cancelled'
             THEN 'Cancelled while downloading; nothing of it was kept and the file keeps its earlier state.'
             ELSE 'The fetch ended while this file was downloading; nothing of it was kept and the file keeps its earlier state.' END)
           WHEN o.batch_state <> 'cancelled' THEN jsonb_build_object('message', 'The fetch ended before this file was downloaded.') END
       FROM open o WHERE f.batch_id = o.batch_id AND f.seq = o.seq RETURNING 1),
     restored AS (
       UPDATE media_files m SET download_state = ${PRIOR_STATE_SQL}, version = m.version + 1, updated_at = now()
       FROM open f WHERE f.was = 'downloading' AND m.id = f.media_file_id AND m.download_state = 'downloading' RETURNING 1)
     SELECT (SELECT count(*) FROM closed)::int AS files`,
    [FINAL_STATES, opts.batchId ?? mediaFetchJob.name],
  );
  return rows[0]!.files;
}
