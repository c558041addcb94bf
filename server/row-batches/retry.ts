import type { Actor } from "../auth/actor";
import { visibleBatch } from "../batches/lock";
import { operationSchema, optionsSchema, targetSchema, type Operation, type Target } from "../contracts/batch";
import { pool } from "../db";
import { AppError } from "../errors";
import { finishedSource } from "./source";
import { validateBatch } from "./validate";

/**
 * A new batch of only the items that failed or conflicted, planned afresh against the rows as they
 * are now (so it gets its own preview, with current before-values and versions).
 */
export async function retryFailed(actor: Actor, batchId: string) {
  const source = finishedSource(await visibleBatch(actor, batchId), "retryFailed");
  const { rows } = await pool().query<{ row_id: number | null; item_index: number | null }>(
    `SELECT r.row_id, i.item_index FROM batch_results r JOIN batch_items i USING (batch_id, seq)
     WHERE r.batch_id = $1 AND r.result IN ('failed', 'conflict') ORDER BY r.seq`,
    [batchId],
  );
  if (rows.length === 0) throw new AppError("PRECONDITION_FAILED", "Nothing to retry: no row failed or conflicted.");
  let operation: Operation = operationSchema.parse(source.operation);
  let target: Target = targetSchema.parse(source.target);
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
  return validateBatch(
    actor,
    { resource: source.resource, operation, target, options: optionsSchema.parse(source.options) },
    { origin: "retry", parentId: batchId, audit: { action: "batch.retry_failed", details: { operation: operation.type, of: batchId, items: rows.length } } },
  );
}
