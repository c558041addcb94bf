import type { Actor } from "../auth/actor";
import { mayFetchFiles, restrictedToOwnRows } from "../auth/policy";
import { pool } from "../db";
import { AppError } from "../errors";
import { getResource } from "../resources/registry";

/** Why a picked media file cannot join a fetch: missing, someone else's, or already downloading in another fetch. */
export type FetchRefusal = { id: number; code: "NOT_FOUND" | "PERMISSION_DENIED" | "ALREADY_DOWNLOADING"; message: string };

export type FetchSorting = {
  /** Files a fetch of them may take, in the order given (already-downloaded ones included: the run skips them unless forced). */
  fetchable: number[];
  /** Of those, the ones with a downloaded copy that the fetch will keep (not `force`). */
  alreadyDownloaded: number[];
  refused: FetchRefusal[];
};

/**
 * Sorts picked media files one by one for scripts that expect a partial start rather than an
 * all-or-nothing refusal (seed 004): which may be fetched by `actor` now, which already have their
 * file, and why the rest cannot. Operators fetch only their own files (policy); a file a running
 * fetch is downloading is not queued twice.
 */
export async function sortForFetch(actor: Actor, ids: number[], force: boolean): Promise<FetchSorting> {
  if (!mayFetchFiles(getResource("media_files"), actor.role)) throw new AppError("FORBIDDEN", `Your role (${actor.role}) may not fetch media files.`);
  const { rows } = await pool().query<{ id: number; found: boolean; owner_id: string | null; downloaded: boolean; busy: boolean }>(
    `SELECT u.id, m.id IS NOT NULL AS found, m.owner_id, (m.download_state = 'downloaded' AND m.stored_file_id IS NOT NULL) AS downloaded,
       EXISTS (SELECT 1 FROM media_fetches f JOIN batches b ON b.id = f.batch_id
               WHERE f.media_file_id = u.id AND f.state IN ('pending', 'downloading') AND b.state IN ('queued', 'running')) AS busy
     FROM unnest($1::int4[]) WITH ORDINALITY AS u(id, ord) LEFT JOIN media_files m ON m.id = u.id ORDER BY u.ord`,
    [ids],
  );
  const own = restrictedToOwnRows(actor.role);
  const out: FetchSorting = { fetchable: [], alreadyDownloaded: [], refused: [] };
  for (const r of rows) {
    if (!r.found) out.refused.push({ id: r.id, code: "NOT_FOUND", message: "No such media file." });
    else if (own && r.owner_id !== actor.id) out.refused.push({ id: r.id, code: "PERMISSION_DENIED", message: "You can only fetch media files you own." });
    else if (r.busy) out.refused.push({ id: r.id, code: "ALREADY_DOWNLOADING", message: "Another fetch is downloading this file now." });
    else {
      out.fetchable.push(r.id);
      if (r.downloaded && !force) out.alreadyDownloaded.push(r.id);
    }
  }
  return out;
}
