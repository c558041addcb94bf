import { audit } from "../audit/audit";
import type { Actor } from "../auth/actor";
import { assertMayPurgeBatches } from "../auth/policy";
import { FINAL_STATES } from "../contracts/batch";
import { pool } from "../db";
import { withTransaction } from "../sql/tx";

/** The longest age a cleanup may be asked for (ten years), so the interval stays a sane number. */
export const MAX_PURGE_AGE_HOURS = 87_600;

export type PurgeCounts = { batches: number; items: number; results: number; chunks: number; fetchRows: number; files: number };

/**
 * Removes the per-row data of batches that finished more than `olderThanHours` ago — items,
 * results, chunks, fetch rows — and the files they wrote for their user (exports, results), keeping
 * each batch's row (its summary and counts), its events and its audit. Fetched media files stay:
 * they are the media rows' content now, not the batch's output. Each batch goes in its own
 * transaction with an audit row naming what went, so a long cleanup holds no lock for long and a
 * failure half-way leaves every batch either whole or cleaned. Admins only.
 */
export async function purgeFinishedBatches(actor: Actor, olderThanHours: number): Promise<PurgeCounts> {
  assertMayPurgeBatches(actor);
  const { rows: due } = await pool().query<{ id: string }>(
    `SELECT id FROM batches WHERE state = ANY($1::text[]) AND rows_purged_at IS NULL
       AND coalesce(finished_at, updated_at) < now() - make_interval(hours => $2) ORDER BY created_at`,
    [FINAL_STATES, olderThanHours],
  );
  const total: PurgeCounts = { batches: 0, items: 0, results: 0, chunks: 0, fetchRows: 0, files: 0 };
  for (const { id } of due) {
    const counts = await withTransaction(async (client) => {
      // Locked and re-checked: a batch cleaned by a concurrent call is skipped, not counted twice.
      const { rows } = await client.query<{ resource: string }>(
        "SELECT resource FROM batches WHERE id = $1 AND rows_purged_at IS NULL AND state = ANY($2::text[]) FOR UPDATE",
        [id, FINAL_STATES],
      );
      if (!rows[0]) return null;
      const n = async (sql: string) => (await client.query(sql, [id])).rowCount ?? 0;
      const c = {
        items: await n("DELETE FROM batch_items WHERE batch_id = $1"),
        results: await n("DELETE FROM batch_results WHERE batch_id = $1"),
        chunks: await n("DELETE FROM batch_chunks WHERE batch_id = $1"),
        fetchRows: await n("DELETE FROM media_fetches WHERE batch_id = $1"),
        files: await n("DELETE FROM stored_files WHERE batch_id = $1 AND kind <> 'media'"),
      };
      await client.query("UPDATE batches SET rows_purged_at = now(), updated_at = now() WHERE id = $1", [id]);
      await audit({ actor, action: "batch.purge", resource: rows[0].resource, batchId: id, details: { olderThanHours, ...c } }, client);
      return c;
    });
    if (!counts) continue;
    total.batches++;
    for (const k of ["items", "results", "chunks", "fetchRows", "files"] as const) total[k] += counts[k];
  }
  await audit({ actor, action: "batches.cleanup", details: { olderThanHours, ...total } });
  return total;
}
