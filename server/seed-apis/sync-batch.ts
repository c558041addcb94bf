import type { Actor } from "../auth/actor";
import type { BatchSummary } from "../batches/read";
import { waitForBatch } from "../batches/wait";
import { isFinalState, type BatchInput } from "../contracts/batch";
import { pool } from "../db";
import { validateAndCommit } from "../row-batches/commit";

export type ItemError = { code: string; field: string | null; message: string };

/** What became of one submitted item (by its index in the request), as the seeds report per index. */
export type ItemOutcome = {
  index: number;
  rowId: number | null;
  state: "succeeded" | "unchanged" | "failed" | "pending";
  /** The first reason it failed, and all of them. */
  code: string | null;
  message: string | null;
  errors: ItemError[];
  /** The row as it was (a delete's whole row; an update's touched fields). */
  before: Record<string, unknown> | null;
};

type Row = {
  seq: number;
  row_id: number | null;
  outcome: string;
  errors: ItemError[] | null;
  before: Record<string, unknown> | null;
  result: string | null;
  error: { code?: string; message?: string; errors?: ItemError[] } | null;
};

function outcomeOf(r: Row, batch: BatchSummary): ItemOutcome {
  const base = { index: r.seq - 1, rowId: r.row_id, before: r.before };
  if (r.result === "succeeded" || r.result === "unchanged") return { ...base, state: r.result, code: null, message: null, errors: [] };
  if (r.result) {
    const errors = r.error?.errors ?? r.errors ?? [{ code: r.error?.code ?? "FAILED", field: null, message: r.error?.message ?? "Not applied." }];
    return { ...base, state: "failed", code: errors[0]?.code ?? null, message: errors[0]?.message ?? null, errors };
  }
  // No result: the batch is still going, or it ended (failed, cancelled) before reaching this item.
  if (!isFinalState(batch.state)) return { ...base, state: "pending", code: null, message: null, errors: [] };
  const message = batch.progress.lastError ?? `The batch ended (${batch.state}) before this item was applied.`;
  return { ...base, state: "failed", code: "NOT_APPLIED", message, errors: [{ code: "NOT_APPLIED", field: null, message }] };
}

/**
 * Runs a row batch for a script that wants the answer in the response: plans and commits it (the
 * one engine, its permissions and limits), waits up to `seconds` for the worker, then reads each
 * item's outcome by the index it had in the request (items and natural keys keep their order; ids
 * are unique, so their order is the request's too).
 */
export async function runAndWait(actor: Actor, input: BatchInput, seconds: number): Promise<{ batch: BatchSummary; items: ItemOutcome[]; finished: boolean }> {
  const committed = await validateAndCommit(actor, input);
  const batch = await waitForBatch(actor, committed.id, seconds);
  const { rows } = await pool().query<Row>(
    `SELECT i.seq, coalesce(r.row_id, i.row_id) AS row_id, i.outcome, i.errors, i.before, r.result, r.error
     FROM batch_items i LEFT JOIN batch_results r ON r.batch_id = i.batch_id AND r.seq = i.seq
     WHERE i.batch_id = $1 ORDER BY i.seq`,
    [batch.id],
  );
  return { batch, items: rows.map((r) => outcomeOf(r, batch)), finished: isFinalState(batch.state) };
}
