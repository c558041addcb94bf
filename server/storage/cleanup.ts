import { setting } from "../config";
import { pool } from "../db";

export type CleanupCounts = { expired: number; abandoned: number; purged: number };

/**
 * Deletes the bytes of files past their expiry (the row stays, marked expired, so a download
 * answers 410 Gone instead of 404), files a crashed writer left half-written, and expired rows
 * after STORED_FILE_TOMBSTONE_DAYS (30). Works in slices so no transaction holds many files.
 */
export async function cleanupFiles(slice = 50): Promise<CleanupCounts> {
  const counts: CleanupCounts = { expired: 0, abandoned: 0, purged: 0 };
  for (;;) {
    // Parts go with their file row's state change in one statement (CTE), so no reader sees a ready file without bytes.
    const { rows } = await pool().query<{ n: number }>(
      `WITH due AS (SELECT id FROM stored_files WHERE state = 'ready' AND expires_at <= now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED),
            gone AS (DELETE FROM stored_file_parts p USING due WHERE p.file_id = due.id),
            marked AS (UPDATE stored_files f SET state = 'expired' FROM due WHERE f.id = due.id RETURNING 1)
       SELECT count(*)::int AS n FROM marked`,
      [slice],
    );
    counts.expired += rows[0]!.n;
    if (rows[0]!.n < slice) break;
  }
  // A writer that died for good (its batch is no longer queued or running) leaves a `writing` row behind.
  const abandoned = await pool().query(
    `DELETE FROM stored_files f WHERE f.state = 'writing' AND f.created_at < now() - make_interval(mins => $1)
       AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = f.batch_id AND b.state IN ('queued', 'running'))`,
    [setting("STORED_FILE_ABANDONED_MINUTES")],
  );
  counts.abandoned = abandoned.rowCount ?? 0;
  const purged = await pool().query(`DELETE FROM stored_files WHERE state = 'expired' AND expires_at < now() - make_interval(days => $1)`, [
    setting("STORED_FILE_TOMBSTONE_DAYS"),
  ]);
  counts.purged = purged.rowCount ?? 0;
  return counts;
}
