import { audit } from "../audit/audit";
import type { Actor } from "../auth/actor";
import { assertMayPurgeBatches } from "../auth/policy";
import { FINAL_STATES } from "../contracts/batch";
import { pool } from "../db";
import { withTransaction } from "../sql/tx";

/** The longest age a cleanup may be asked for (ten years), so the interval stays a sane number. */
export const MAX_PURGE_AGE_HOURS = 87_600;

export type PurgeCounts = { batches: number; items: number; results: number; chunks: number; fetchRows: number; files: number };

/** Rows one delete statement removes: a big batch's data goes in many short transactions. */
const DELETE_CHUNK = 5_000;

/**
 * Removes the per-row data of batches that finished more than `olderThanHours` ago — items,
 * results, chunks, fetch rows — and the files they wrote for their user (exports, results), keeping
 * each batch's row (its summary and counts), its events and its audit. Fetched media files stay:
 * they are the media rows' content now, not the batch's output. Admins only (seed 000's cleanup);
 * the retention job calls purgeBatchesOlderThan itself.
 */
export async function purgeFinishedBatches(actor: Actor, olderThanHours: number): Promise<PurgeCounts> {
  assertMayPurgeBatches(actor);
  return purgeBatchesOlderThan(olderThanHours, actor);
}

/**
 * The cleanup itself, for an admin or the retention job (`by` null). Each batch is first marked
 * (`rows_purged_at`: from then on its page says its rows are gone and retry and revert are not
 * offered), then its rows are deleted DELETE_CHUNK at a time, each in its own short transaction, so
 * no statement holds locks for long on a big table, then its audit row says what went. A cleanup
 * killed half-way leaves marked batches with rows left, which the next one finishes (they are
 * picked up again).
 */
export async function purgeBatchesOlderThan(olderThanHours: number, by: Actor | null, chunk = DELETE_CHUNK): Promise<PurgeCounts> {
  const { rows: due } = await pool().query<{ id: string }>(
    `SELECT id FROM batches b WHERE state = ANY($1::text[])
       AND ((rows_purged_at IS NULL AND coalesce(finished_at, updated_at) < now() - make_interval(hours => $2))
         OR (rows_purged_at IS NOT NULL AND (EXISTS (SELECT 1 FROM batch_items i WHERE i.batch_id = b.id) OR EXISTS (SELECT 1 FROM batch_results r WHERE r.batch_id = b.id))))
     ORDER BY created_at`,
    [FINAL_STATES, olderThanHours],
  );
  const total: PurgeCounts = { batches: 0, items: 0, results: 0, chunks: 0, fetchRows: 0, files: 0 };
  for (const { id } of due) {
    const marked = await withTransaction(async (client) => {
      // Locked and re-checked: a batch another cleanup is marking is skipped, not counted twice.
      const { rows } = await client.query<{ resource: string; rows_purged_at: Date | null }>(
        "SELECT resource, rows_purged_at FROM batches WHERE id = $1 AND state = ANY($2::text[]) FOR UPDATE SKIP LOCKED",
        [id, FINAL_STATES],
      );
      const b = rows[0];
      if (!b) return null;
      if (!b.rows_purged_at) await client.query("UPDATE batches SET rows_purged_at = now(), updated_at = now() WHERE id = $1", [id]);
      return b.resource;
    });
    if (marked === null) continue;
    total.batches++;
    const chunked = async (table: string, key: string, extra = "") => {
      let removed = 0;
      for (;;) {
        const { rowCount } = await pool().query(
          `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${key} = $1${extra} LIMIT ${chunk})`,
          [id],
        );
        removed += rowCount ?? 0;
        if ((rowCount ?? 0) < chunk) return removed;
      }
    };
    const c = {
      items: await chunked("batch_items", "batch_id"),
      results: await chunked("batch_results", "batch_id"),
      chunks: await chunked("batch_chunks", "batch_id"),
      fetchRows: await chunked("media_fetches", "batch_id"),
      files: await chunked("stored_files", "batch_id", " AND kind <> 'media'"),
    };
    // What this pass removed (a pass that finishes a killed one's work counts only its own).
    await audit({ actor: by, action: "batch.purge", resource: marked, batchId: id, details: { olderThanHours, by: by ? "admin" : "retention", ...c } });
    for (const k of ["items", "results", "chunks", "fetchRows", "files"] as const) total[k] += c[k];
  }
  await audit({ actor: by, action: "batches.cleanup", details: { olderThanHours, by: by ? "admin" : "retention", ...total } });
  return total;
}
