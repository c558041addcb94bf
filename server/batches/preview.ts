import type pg from "pg";
import type { Actor } from "../auth/actor";
import { pool } from "../db";
import { move } from "./transition";

/**
 * Per field, the rows the dry run will change in it, as a jsonb object (API name → count), counted in
 * the same pass as the outcomes. jsonb_build_object takes at most 100 arguments: groups of 40 fields.
 */
function fieldChangesSql(fields: string[]): string {
  if (fields.length === 0) return "'{}'::jsonb";
  const groups: string[] = [];
  for (let i = 0; i < fields.length; i += 40) {
    const pairs = fields.slice(i, i + 40).map((f) => {
      const k = `'${f.replace(/'/g, "''")}'`;
      return `${k}, count(*) FILTER (WHERE outcome = 'will_change' AND before->${k} IS DISTINCT FROM after->${k})::int`;
    });
    groups.push(`jsonb_build_object(${pairs.join(", ")})`);
  }
  return groups.join(" || ");
}

/**
 * Records a planned batch's preview: counts per outcome and per field from its frozen items and the
 * role it was planned with, then moves it from planning to previewed, in the planner's transaction.
 */
export async function recordPreview(client: pg.PoolClient, batchId: string, fieldsTouched: string[], actor: Actor): Promise<void> {
  await client.query(
    `UPDATE batches b SET fields_touched = $2, total_items = s.total, will_change = s.will_change, unchanged_planned = s.unchanged,
       invalid_planned = s.invalid, field_changes = s.field_changes, planned_role = $3, updated_at = now()
     FROM (SELECT count(*)::int AS total,
             count(*) FILTER (WHERE outcome = 'will_change')::int AS will_change,
             count(*) FILTER (WHERE outcome = 'unchanged')::int AS unchanged,
             count(*) FILTER (WHERE outcome = 'invalid')::int AS invalid,
             ${fieldChangesSql(fieldsTouched)} AS field_changes
           FROM batch_items WHERE batch_id = $1) s
     WHERE b.id = $1`,
    [batchId, fieldsTouched, actor.role],
  );
  await move(client, batchId, "preview", actor);
}

/**
 * A freshly planned large batch would otherwise be applied with no statistics on its items, and
 * PostgreSQL picks full scans per chunk until autovacuum catches up (measured: 400 ms vs 30 ms a chunk).
 */
export async function analyzeIfLarge(batchId: string): Promise<void> {
  const { rows } = await pool().query<{ n: number }>("SELECT total_items AS n FROM batches WHERE id = $1", [batchId]);
  if ((rows[0]?.n ?? 0) >= 10_000) await pool().query("ANALYZE batch_items");
}
