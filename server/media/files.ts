import { pool } from "../db";
import { AppError } from "../errors";
import type { Actor } from "../auth/actor";
import { canDownload } from "../auth/policy";
import { findFiles, type StoredFileInfo } from "../storage/files";
import { assertFetchBatch } from "./access";

/**
 * The stored file behind each of a fetch's items: the one it downloaded, or for a skipped item the
 * file its media row already had.
 */
export const ITEM_FILE_SQL = `coalesce(f.stored_file_id::text, CASE WHEN f.state = 'skipped' THEN m.stored_file_id END)`;

/**
 * The files a fetch batch downloaded (or found already there) that `actor` may download now, in
 * selection order. Expired or deleted files are left out rather than failing the whole archive.
 */
export async function fetchedFiles(actor: Actor, batchId: string): Promise<StoredFileInfo[]> {
  await assertFetchBatch(actor, batchId);
  const { rows } = await pool().query<{ id: string }>(
    `SELECT ${ITEM_FILE_SQL} AS id FROM media_fetches f LEFT JOIN media_files m ON m.id = f.media_file_id
     WHERE f.batch_id = $1 AND f.state IN ('downloaded', 'skipped') ORDER BY f.seq`,
    [batchId],
  );
  const ids = rows.flatMap((r) => (r.id ? [r.id] : []));
  const found = new Map((await findFiles(ids)).map((f) => [f.id, f]));
  const files = [...new Set(ids)].flatMap((id) => {
    const file = found.get(id);
    return file && file.state === "ready" && !file.expired && canDownload(actor, file) ? [file] : [];
  });
  if (files.length === 0) throw new AppError("NOT_FOUND", "This fetch has no downloaded files to zip yet.");
  return files;
}
