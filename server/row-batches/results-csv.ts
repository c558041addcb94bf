import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import type { Actor } from "../auth/actor";
import { hiddenFields } from "../auth/policy";
import { visibleBatch } from "../batches/lock";
import { pool } from "../db";
import { getResource } from "../resources/registry";

export const RESULT_FILTERS = ["all", "failed", "conflicts"] as const;
export type ResultFilter = (typeof RESULT_FILTERS)[number];

const PAGE_ROWS = 2_000;

const COLUMNS = ["seq", "row_id", "item_index", "action", "outcome", "result", "error_code", "message", "before", "after"] as const;

// "failed" is every item that was not applied because of an error: failed on apply, or invalid in the plan.
const FILTER_SQL: Record<ResultFilter, string> = {
  all: "TRUE",
  failed: "(r.result IN ('failed', 'invalid') OR (r.result IS NULL AND i.outcome = 'invalid'))",
  conflicts: "r.result = 'conflict'",
};

const PAGE_SQL = (filter: ResultFilter) =>
  `SELECT i.seq, coalesce(r.row_id, i.row_id) AS row_id, i.item_index, i.action, i.outcome, r.result,
     coalesce(r.error->>'code', i.errors->0->>'code') AS error_code,
     coalesce(r.error->>'message', i.errors->0->>'message') AS message,
     (i.before - $3::text[])::text AS before, (i.after - $3::text[])::text AS after
   FROM batch_items i LEFT JOIN batch_results r ON r.batch_id = i.batch_id AND r.seq = i.seq
   WHERE i.batch_id = $1 AND i.seq > $2 AND ${FILTER_SQL[filter]} ORDER BY i.seq LIMIT ${PAGE_ROWS}`;

/**
 * Items with their results, a page at a time on one short query each (keyset on seq), so a slow
 * reader holds neither a pooled connection nor an open transaction between pages (security
 * finding 3). Items never change once planned and a result is written once per item, so paging
 * loses nothing a single snapshot would show, except results committed while the download runs:
 * those appear if their page had not been read yet.
 */
async function* resultRows(batchId: string, filter: ResultFilter, hidden: ReadonlySet<string>): AsyncGenerator<Record<(typeof COLUMNS)[number], unknown>> {
  const sql = PAGE_SQL(filter);
  let after = 0;
  for (;;) {
    const { rows } = await pool().query<Record<(typeof COLUMNS)[number], unknown> & { seq: number }>(sql, [batchId, after, [...hidden]]);
    for (const row of rows) yield row;
    if (rows.length < PAGE_ROWS) return;
    after = rows[rows.length - 1]!.seq;
  }
}

/**
 * A batch's items and results as CSV (seq, row id / item index, planned outcome, result, error code and
 * message, before and after as JSON), streamed as it is read. Only users who may see the batch get it.
 */
export async function batchResultsCsv(actor: Actor, batchId: string, filter: ResultFilter): Promise<{ name: string; body: Readable }> {
  const batch = await visibleBatch(actor, batchId);
  // Result files are for opening in a spreadsheet: a value such as an error message or natural key
  // starting with = + - @ is prefixed with ' so it shows as text instead of running as a formula.
  const body = stringify({ header: true, columns: [...COLUMNS], escape_formulas: true });
  // pipeline() carries a read error into the response (it aborts) and a dropped download back to the cursor.
  // Before/after values leave out the fields the reader may not read.
  const hidden = hiddenFields(getResource(batch.resource), actor.role);
  pipeline(Readable.from(resultRows(batchId, filter, hidden)), body).catch(() => {});
  const day = batch.createdAt.toISOString().slice(0, 10);
  return { name: `${batch.resource}_batch-${batchId.slice(0, 8)}_${filter}-results_${day}.csv`, body };
}
