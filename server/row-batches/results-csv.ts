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

const FETCH_ROWS = 2_000;

const COLUMNS = ["seq", "row_id", "item_index", "action", "outcome", "result", "error_code", "message", "before", "after"] as const;

// "failed" is every item that was not applied because of an error: failed on apply, or invalid in the plan.
const FILTER_SQL: Record<ResultFilter, string> = {
  all: "TRUE",
  failed: "(r.result IN ('failed', 'invalid') OR (r.result IS NULL AND i.outcome = 'invalid'))",
  conflicts: "r.result = 'conflict'",
};

/** Items with their results, read through a server-side cursor a few thousand rows at a time. */
async function* resultRows(batchId: string, filter: ResultFilter, hidden: ReadonlySet<string>): AsyncGenerator<Record<(typeof COLUMNS)[number], unknown>> {
  const client = await pool().connect();
  let healthy = false;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await client.query(
      `DECLARE results NO SCROLL CURSOR FOR
       SELECT i.seq, coalesce(r.row_id, i.row_id) AS row_id, i.item_index, i.action, i.outcome, r.result,
         coalesce(r.error->>'code', i.errors->0->>'code') AS error_code,
         coalesce(r.error->>'message', i.errors->0->>'message') AS message,
         (i.before - $2::text[])::text AS before, (i.after - $2::text[])::text AS after
       FROM batch_items i LEFT JOIN batch_results r ON r.batch_id = i.batch_id AND r.seq = i.seq
       WHERE i.batch_id = $1 AND ${FILTER_SQL[filter]} ORDER BY i.seq`,
      [batchId, [...hidden]],
    );
    for (;;) {
      const { rows } = await client.query(`FETCH ${FETCH_ROWS} FROM results`);
      for (const row of rows) yield row;
      if (rows.length < FETCH_ROWS) break;
    }
    await client.query("COMMIT");
    healthy = true;
  } finally {
    // Also runs when the download is abandoned (the stream is destroyed and the generator returns).
    if (!healthy) await client.query("ROLLBACK").catch(() => {});
    client.release();
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
