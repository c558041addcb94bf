import { audit } from "../../audit/audit";
import { pool } from "../../db";
import { AppError } from "../../errors";
import { checkRate, checkSize } from "../../limits";
import { getField, getResource } from "../../resources/registry";
import { ident } from "../../sql/params";
import { withTransaction } from "../../sql/tx";
import { jsonObject } from "../plan/json-values";
import { FINAL_STATES, type BatchState, type Operation, type Target } from "../schemas";
import { batchAuditDetails } from "./audit-details";
import { assertCanSeeBatch, type BatchActor } from "./actor";
import { batchSummary } from "./read";
import { analyzeIfLarge, summarise, validateBatch } from "./validate";

async function loadFinished(actor: BatchActor, batchId: string) {
  const b = await batchSummary(actor, batchId);
  assertCanSeeBatch(actor, b.createdById);
  if (b.operation.type === "export") {
    throw new AppError("BAD_REQUEST", "An export changed no rows: there is nothing to retry or revert. Start a new export instead.");
  }
  if (b.operation.type === "fetch") {
    throw new AppError("BAD_REQUEST", "A file fetch cannot be retried or reverted. Start a new fetch of the files instead.");
  }
  if (!FINAL_STATES.includes(b.state as BatchState) || b.state === "discarded") {
    throw new AppError("CONFLICT", "Wait until the batch has finished (or cancel it) first.");
  }
  return b;
}

/**
 * A new batch of only the items that failed or conflicted, planned afresh against the rows as they
 * are now (so it gets its own preview, with current before-values and versions).
 */
export async function retryFailed(actor: BatchActor, batchId: string) {
  const source = await loadFinished(actor, batchId);
  // A revert's items conflicted because the rows changed after the batch it reverts; re-planning would overwrite that.
  if (source.kind === "revert") {
    throw new AppError("BAD_REQUEST", "A revert cannot be retried: its rows changed after the batch it reverts. Start a new batch instead.");
  }
  const { rows } = await pool().query<{ row_id: number | null; item_index: number | null }>(
    `SELECT r.row_id, i.item_index FROM batch_results r JOIN batch_items i USING (batch_id, seq)
     WHERE r.batch_id = $1 AND r.result IN ('failed', 'conflict') ORDER BY r.seq`,
    [batchId],
  );
  if (rows.length === 0) throw new AppError("PRECONDITION_FAILED", "Nothing to retry: no row failed or conflicted.");
  let operation = source.operation as Operation;
  let target = source.target as Target;
  const indexes = new Set(rows.map((r) => r.item_index));
  if (operation.type === "updatePerRow") {
    operation = { ...operation, values: operation.values.filter((_, i) => indexes.has(i)) };
  } else if (target.kind === "items") {
    target = { kind: "items", items: target.items.filter((_, i) => indexes.has(i)) };
  } else if (target.kind === "naturalKeys") {
    target = { kind: "naturalKeys", keys: target.keys.filter((_, i) => indexes.has(i)) };
  } else {
    target = { kind: "ids", ids: rows.map((r) => r.row_id).filter((id): id is number => id !== null) };
  }
  const summary = await validateBatch(
    actor,
    { resource: source.resource, operation, target, options: source.options as never },
    { kind: "retry", parentId: batchId },
  );
  await audit({ actor, action: "batch.retry_failed", resource: source.resource, batchId: summary.id, details: { operation: source.operation.type, of: batchId, items: rows.length } });
  return summary;
}

/**
 * A new batch that puts back the before-images of the items the source batch changed: updated rows
 * get their old values, created rows are deleted, deleted rows are re-created. A row changed since the
 * source batch wrote it is flagged as a conflict in the preview and never overwritten.
 */
export async function revertBatch(actor: BatchActor, batchId: string) {
  const source = await loadFinished(actor, batchId);
  if (source.kind === "revert") throw new AppError("BAD_REQUEST", "A revert cannot itself be reverted; run the original operation again.");
  const res = getResource(source.resource);
  const touched = source.preview.fieldsTouched.map((n) => getField(res, n));
  const t = ident(res.table);
  // A revert is a batch like any other: the role's row and hourly limits apply to it too.
  checkSize(actor.role, "batches", source.progress.counts.succeeded);
  const revertId = await withTransaction(async (client) => {
    await checkRate(client, actor.id, actor.role, "batches");
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO batches (id, resource, kind, parent_id, operation, target, options, state, created_by_id)
       VALUES (gen_random_uuid(), $1, 'revert', $2, $3, $4, $5, 'planning', $6) RETURNING id`,
      [res.name, batchId, JSON.stringify({ type: "revert", of: batchId }), JSON.stringify({ kind: "batch", batchId }), JSON.stringify(source.options), actor.id],
    );
    const id = rows[0]!.id;
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
       WHERE r.batch_id = $1 AND r.result = 'succeeded'`,
      [batchId, id],
    );
    await summarise(client, id, source.preview.fieldsTouched);
    await audit({ actor, action: "batch.revert", resource: res.name, batchId: id, details: { ...(await batchAuditDetails(client, id)), of: batchId } }, client);
    return id;
  });
  await analyzeIfLarge(revertId);
  return batchSummary(actor, revertId);
}
