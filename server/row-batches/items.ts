import type { z } from "zod";
import type { Actor } from "../auth/actor";
import { hiddenFields } from "../auth/policy";
import { visibleBatch } from "../batches/lock";
import { batchItemsQuerySchema } from "../contracts/queries";
import { pool } from "../db";
import { getResource } from "../resources/registry";

export type BatchItemRow = {
  seq: number;
  rowId: number | null;
  itemIndex: number | null;
  action: string;
  outcome: string;
  errors: { code: string; field: string | null; message: string }[] | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  result: string | null;
  resultError: { code: string; message: string; changed?: string[] } | null;
};

/**
 * One page of a batch's items (each with its result once applied), filtered by outcome or result,
 * with before/after values as the reader may read them.
 */
export async function listItems(actor: Actor, input: z.input<typeof batchItemsQuerySchema>) {
  const q = batchItemsQuerySchema.parse(input);
  const batch = await visibleBatch(actor, q.batchId);
  const where = ["i.batch_id = $1"];
  const params: unknown[] = [q.batchId];
  if (q.outcome) where.push(`i.outcome = $${params.push(q.outcome)}`);
  if (q.result) where.push(`r.result = $${params.push(q.result)}`);
  const countParams = [...params];
  const join = "FROM batch_items i LEFT JOIN batch_results r ON r.batch_id = i.batch_id AND r.seq = i.seq";
  // Before/after values without the fields the reader may not read (jsonb - text[] drops keys).
  const hidden = `$${params.push([...hiddenFields(getResource(batch.resource), actor.role)])}::text[]`;
  const limit = `$${params.push(q.pageSize)}`;
  const offset = `$${params.push((q.page - 1) * q.pageSize)}`;
  const [rows, count] = await Promise.all([
    pool().query<BatchItemRow>(
      `SELECT i.seq, coalesce(r.row_id, i.row_id) AS "rowId", i.item_index AS "itemIndex", i.action, i.outcome, i.errors,
              i.before - ${hidden} AS before, i.after - ${hidden} AS after, r.result, r.error AS "resultError"
       ${join} WHERE ${where.join(" AND ")} ORDER BY i.seq LIMIT ${limit} OFFSET ${offset}`,
      params,
    ),
    pool().query<{ n: number }>(`SELECT count(*)::int AS n ${join} WHERE ${where.join(" AND ")}`, countParams),
  ]);
  return { items: rows.rows, total: count.rows[0]!.n, page: q.page, pageSize: q.pageSize };
}
