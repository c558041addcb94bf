import { audit } from "../audit/audit";
import type { Actor } from "../auth/actor";
import { assertMayRun } from "../auth/policy";
import { checkSize } from "../limits";
import { batchAuditDetails } from "../batches/audit-details";
import { createBatch } from "../batches/create";
import { visibleBatch } from "../batches/lock";
import { analyzeIfLarge, recordPreview } from "../batches/preview";
import { AppError } from "../errors";
import { batchSummary } from "../batches/read";
import { operationSchema, optionsSchema } from "../contracts/batch";
import { pool } from "../db";
import { getField, getResource } from "../resources/registry";
import { ident } from "../sql/params";
import { withTransaction } from "../sql/tx";
import { jsonObject } from "./plan/json-values";
import { finishedSource } from "./source";

/**
 * A new batch that puts back the before-images of the items the source batch changed: updated rows
 * get their old values, created rows are deleted, deleted rows are re-created. A row changed since the
 * source batch wrote it is flagged as a conflict in the preview and never overwritten. With `rowId`
 * ("Revert this row", from a record's history) only that row's before-image is put back: a one-row
 * batch with its own preview, committed like any other.
 */
export async function revertBatch(actor: Actor, batchId: string, rowId?: number) {
  const source = finishedSource(await visibleBatch(actor, batchId), "revert");
  const res = getResource(source.resource);
  assertMayRun(actor, res, operationSchema.parse(source.operation).type);
  const touched = source.fieldsTouched.map((n) => getField(res, n));
  const t = ident(res.table);
  const { rows: counted } =
    rowId === undefined
      ? await pool().query<{ n: number }>("SELECT succeeded AS n FROM batches WHERE id = $1", [batchId])
      : await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM batch_results WHERE batch_id = $1 AND row_id = $2 AND result = 'succeeded'", [batchId, rowId]);
  if (rowId !== undefined && !counted[0]?.n) throw new AppError("BAD_REQUEST", `This batch did not change row ${rowId}: there is nothing of it to revert.`);
  // A revert is a batch like any other: the role's row and hourly limits apply to it too.
  checkSize(actor.role, "batches", counted[0]?.n ?? 0);
  const revertId = await withTransaction(async (client) => {
    const id = await createBatch(client, {
      actor,
      kind: "rows",
      origin: "revert",
      parentId: batchId,
      resource: res.name,
      operation: rowId === undefined ? { type: "revert", of: batchId } : { type: "revert", of: batchId, rowId },
      target: { kind: "batch", batchId },
      options: optionsSchema.parse(source.options),
    });
    const conflict = `jsonb_build_array(jsonb_build_object('code', 'CONFLICT', 'field', NULL, 'message', 'Changed since the batch wrote it; not reverted.'))`;
    const gone = `jsonb_build_array(jsonb_build_object('code', 'NOT_FOUND', 'field', NULL, 'message', 'The row no longer exists.'))`;
    const exists = `jsonb_build_array(jsonb_build_object('code', 'CONFLICT', 'field', NULL, 'message', 'A row with this id exists again.'))`;
    const current = jsonObject(touched, (f) => `t.${ident(f.column)}`);
    const image = jsonObject(res.fields, (f) => `t.${ident(f.column)}`);
    await client.query(
      `INSERT INTO batch_items (batch_id, seq, row_id, item_index, row_version, action, outcome, errors, before, after)
       SELECT $2, row_number() OVER (ORDER BY r.seq), r.row_id, i.item_index, t.version, x.action,
         CASE WHEN x.errors IS NOT NULL THEN 'invalid' WHEN x.action = 'update' AND ${current} = r.before_image THEN 'unchanged' ELSE 'will_change' END,
         x.errors, x.before, x.after
       FROM batch_results r JOIN batch_items i USING (batch_id, seq)
       LEFT JOIN ${t} t ON t.id = r.row_id
       CROSS JOIN LATERAL (SELECT
         CASE i.action WHEN 'update' THEN 'update' WHEN 'create' THEN 'delete' ELSE 'create' END AS action,
         CASE
           WHEN i.action = 'delete' THEN CASE WHEN t.id IS NOT NULL THEN ${exists} END
           WHEN t.id IS NULL THEN ${gone}
           WHEN t.version IS DISTINCT FROM r.applied_version THEN ${conflict}
         END AS errors,
         CASE i.action WHEN 'update' THEN CASE WHEN t.id IS NOT NULL THEN ${current} END WHEN 'create' THEN CASE WHEN t.id IS NOT NULL THEN ${image} END END AS before,
         CASE i.action WHEN 'update' THEN r.before_image WHEN 'delete' THEN r.before_image END AS after
       ) x
       WHERE r.batch_id = $1 AND r.result = 'succeeded'${rowId === undefined ? "" : " AND r.row_id = $3"}`,
      rowId === undefined ? [batchId, id] : [batchId, id, rowId],
    );
    await recordPreview(client, id, source.fieldsTouched, actor);
    await audit({ actor, action: "batch.revert", resource: res.name, batchId: id, details: { ...(await batchAuditDetails(client, id)), of: batchId, ...(rowId === undefined ? {} : { rowId }) } }, client);
    return id;
  });
  await analyzeIfLarge(revertId);
  return batchSummary(actor, revertId);
}
