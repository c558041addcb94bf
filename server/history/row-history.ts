import type { z } from "zod";
import type { Actor } from "../auth/actor";
import { canSeeBatch, hiddenFields, mayControlBatch } from "../auth/policy";
import { summarizeOperation, type OperationSummary } from "../batches/read";
import { BATCH_ORIGINS, BATCH_STATES, isFinalState, RESULTS, type BatchOrigin, type BatchState, type ItemResult } from "../contracts/batch";
import { rowHistoryQuerySchema } from "../contracts/queries";
import { pool } from "../db";
import { getResource } from "../resources/registry";
import { changedFields, type FieldChange } from "./changes";

/**
 * One batch's effect on one row. `access: "limited"` is another user's batch: the timeline says that
 * the row was touched, when, by which kind of operation and with what result, and which fields — but
 * not who, which batch, or the values. Batch pages (where those live) are NOT_FOUND to anyone but
 * their owner and admins (policy.ts canSeeBatch), so the timeline must not be a side door to them;
 * leaving the entry out instead would make the timeline lie (the "before" of your next change would
 * not be the "after" of your last, with nothing in between). That the row changed is no secret: every
 * role reads every row, its current values and its updated_at.
 */
export type HistoryEntry = {
  access: "full" | "limited";
  batchId: string | null;
  origin: BatchOrigin;
  operationType: string;
  operation: OperationSummary | null;
  /** The batch's state now (a cancelled or failed batch may still have touched the row). */
  state: BatchState;
  createdBy: { name: string; email: string } | null;
  /** The token or schedule the batch was started through (`token:<id>`, `schedule:<id>`, …); null when signed in. */
  via: string | null;
  createdAt: Date;
  appliedAt: Date;
  /** What the batch did to the row: update | create | delete. */
  action: string;
  result: ItemResult;
  error: { code: string; message: string } | null;
  /** The fields it changed (or would have, for a row it did not write), before → after; values only for `full`. */
  changes: FieldChange[];
  /** "Revert this row" is open: the caller may run it, the batch has finished and wrote this row. */
  revertible: boolean;
};

type Row = {
  batchId: string;
  result: string;
  error: { code?: unknown; message?: unknown } | null;
  appliedAt: Date;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  kind: string;
  origin: string;
  operation: unknown;
  perRowCount: number | null;
  state: string;
  createdById: string;
  createdAt: Date;
  rowsPurgedAt: Date | null;
  creatorName: string;
  creatorEmail: string;
  via: string | null;
};

/**
 * The rows of a record's timeline: its result rows (one per batch that processed it) by the
 * batch_results (row_id) index, each joined by primary key to its batch and its planned item. Results
 * exist only for committed batches, once the worker reached the row, so a discarded (or never
 * committed) preview, which did not touch the row, is not in it, and a running batch appears once it
 * has. Created rows are found too: their item has no row id until the result records the new one.
 */
export const HISTORY_SQL = `
  SELECT r.batch_id AS "batchId", r.result, r.error, r.applied_at AS "appliedAt",
    i.action, i.before - $4::text[] AS before, i.after - $4::text[] AS after,
    b.kind, b.origin, b.state, b.created_by_id AS "createdById", b.created_at AS "createdAt", b.rows_purged_at AS "rowsPurgedAt",
    -- Per-row values are counted, not sent (an updatePerRow operation may carry 100,000).
    CASE WHEN b.operation->>'type' = 'updatePerRow'
      THEN jsonb_build_object('type', 'updatePerRow', 'field', b.operation->'field', 'values', '[]'::jsonb)
      ELSE b.operation END AS operation,
    CASE WHEN b.operation->>'type' = 'updatePerRow' THEN jsonb_array_length(b.operation->'values') END AS "perRowCount",
    u.name AS "creatorName", u.email AS "creatorEmail",
    (SELECT e.actor_via FROM batch_events e WHERE e.batch_id = b.id ORDER BY e.id LIMIT 1) AS via
  FROM batch_results r
  JOIN batches b ON b.id = r.batch_id
  JOIN batch_items i ON i.batch_id = r.batch_id AND i.seq = r.seq
  JOIN users u ON u.id = b.created_by_id
  WHERE r.row_id = $1 AND b.resource = $2 AND b.kind = 'rows'
  ORDER BY r.applied_at DESC, b.created_at DESC, r.batch_id
  LIMIT $3`;

/** Every batch that touched one record, newest first, as `actor` may see them (see HistoryEntry). */
export async function rowHistory(actor: Pick<Actor, "id" | "role">, input: z.input<typeof rowHistoryQuerySchema>) {
  const q = rowHistoryQuerySchema.parse(input);
  const res = getResource(q.resource);
  const hidden = [...hiddenFields(res, actor.role)];
  const { rows } = await pool().query<Row>(HISTORY_SQL, [q.id, res.name, q.limit + 1, hidden]);
  const entries = rows.slice(0, q.limit).map((r) => entryOf(actor, r));
  return { resource: res.name, id: q.id, entries, more: rows.length > q.limit };
}

function entryOf(actor: Pick<Actor, "id" | "role">, r: Row): HistoryEntry {
  const full = canSeeBatch(actor, r.createdById);
  const state = BATCH_STATES.find((s) => s === r.state) ?? "failed";
  const result = RESULTS.find((s) => s === r.result) ?? "failed";
  const summary = summarizeOperation(r.operation);
  const operation = summary.type === "updatePerRow" ? { ...summary, count: r.perRowCount ?? 0 } : summary;
  const changes = changedFields(r.before, r.after);
  const origin = BATCH_ORIGINS.find((o) => o === r.origin) ?? "normal";
  return {
    access: full ? "full" : "limited",
    batchId: full ? r.batchId : null,
    origin,
    operationType: operation.type,
    operation: full ? operation : null,
    state,
    createdBy: full ? { name: r.creatorName, email: r.creatorEmail } : null,
    via: full ? r.via : null,
    createdAt: r.createdAt,
    appliedAt: r.appliedAt,
    action: r.action,
    result,
    error: full && r.error ? { code: String(r.error.code ?? ""), message: String(r.error.message ?? "") } : null,
    changes: full ? changes : changes.map(({ field }) => ({ field })),
    revertible:
      full &&
      mayControlBatch(actor, { createdById: r.createdById, kind: r.kind }) &&
      result === "succeeded" &&
      isFinalState(state) &&
      origin !== "revert" &&
      r.rowsPurgedAt === null,
  };
}
