import type { Actor } from "../auth/actor";
import type { BatchProgress, BatchSummary } from "../batches/read";
import type { BatchState } from "../contracts/batch";
import { listItems, type BatchItemRow } from "../row-batches/items";
import type { SeedOperation, TargetId } from "./openpenpal-schemas";

// How the engine's batches read in the OpenPenPal dialect (seed 000): per-target `results` and the
// job record. Only words change here; every figure comes from the engine.

/** One target's outcome as the seed prints it; `error_code` only on failures. */
export type TargetResult = { target_id: TargetId | number | null; success: boolean; message: string; error_code?: string; item_index?: number };

const DONE: Record<SeedOperation, [done: string, wouldBe: string]> = {
  delete: ["Deleted successfully", "Would be deleted"],
  update: ["Updated successfully", "Would be updated"],
  status_update: ["Status updated successfully", "Status would be updated"],
  archive: ["Archived successfully", "Would be archived"],
  restore: ["Restored successfully", "Would be restored"],
  export: ["Exported successfully", "Would be exported"],
  bulk_create: ["Created successfully", "Would be created"],
};

/** The seed's word for a batch's state. */
export function jobStatus(state: BatchState): string {
  switch (state) {
    case "planning":
    case "previewed":
    case "awaiting_approval":
    case "queued":
      return "pending";
    case "running":
      return "running";
    case "paused":
      return "paused";
    case "completed":
    case "completed_with_errors":
      return "completed";
    case "failed":
      return "failed";
    case "cancelled":
    case "discarded":
      return "cancelled";
  }
}

/** Every item of a batch, page by page, in seq order. */
export async function allItems(actor: Actor, batchId: string): Promise<BatchItemRow[]> {
  const out: BatchItemRow[] = [];
  for (let page = 1; ; page++) {
    const { items, total } = await listItems(actor, { batchId, page, pageSize: 500 });
    out.push(...items);
    if (out.length >= total || items.length === 0) return out;
  }
}

/** An item's outcome: planned (a dry run) or applied (after the run). */
function itemResult(op: SeedOperation, item: BatchItemRow, planned: boolean): Omit<TargetResult, "target_id"> {
  const firstError = item.errors?.[0];
  if (planned || item.outcome === "invalid") {
    if (item.outcome === "invalid") return { success: false, message: firstError?.message ?? "Invalid.", error_code: firstError?.code ?? "INVALID" };
    if (item.outcome === "unchanged") return { success: true, message: "Nothing to change" };
    return { success: true, message: DONE[op][1] };
  }
  switch (item.result) {
    case "succeeded":
      return { success: true, message: DONE[op][0] };
    case "unchanged":
      return { success: true, message: "Already up to date; nothing changed" };
    case "invalid":
    case "conflict":
    case "failed":
      return { success: false, message: item.resultError?.message ?? "Failed.", error_code: item.resultError?.code ?? item.result.toUpperCase() };
    default:
      return { success: false, message: "The batch stopped before this target was processed.", error_code: "NOT_PROCESSED" };
  }
}

/** Per-target results of a batch on ids, one per id as sent (a repeated id repeats its row's result). */
export function resultsForTargets(op: SeedOperation, targets: TargetId[], items: BatchItemRow[], planned: boolean): TargetResult[] {
  const byRow = new Map(items.flatMap((i) => (i.rowId === null ? [] : [[i.rowId, i] as const])));
  return targets.map((target) => {
    const item = byRow.get(Number(target));
    if (!item) return { target_id: target, success: false, message: "Not part of the batch.", error_code: "NOT_FOUND" };
    return { target_id: target, ...itemResult(op, item, planned) };
  });
}

/** Per-item results of a create batch: the new row's id as `target_id` (null until created), and the item's index. */
export function resultsForItems(items: BatchItemRow[], planned: boolean): TargetResult[] {
  return items.map((item, i) => ({
    target_id: planned || item.result !== "succeeded" ? null : item.rowId,
    item_index: item.itemIndex ?? i,
    ...itemResult("bulk_create", item, planned),
  }));
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

type JobSource = { id: string; createdAt: Date; updatedAt: Date; progress: BatchProgress; kind: string; resource: string; operation: string };

/** A batch as the seed's job record (`GET /api/batch/jobs/{id}`), with the engine's own state and counts beside it. */
export function jobOf(b: JobSource) {
  const p = b.progress;
  const running = p.state === "running";
  return {
    job_id: b.id,
    status: jobStatus(p.state),
    progress: p.percent,
    current_item: running ? p.processed : null,
    estimated_remaining: p.etaSeconds,
    created_at: iso(b.createdAt),
    updated_at: iso(b.updatedAt),
    error_message: p.lastError,
    state: p.state,
    kind: b.kind,
    target_type: b.resource,
    operation: b.operation,
    total_count: p.total,
    processed_count: p.processed,
    success_count: p.counts.succeeded + p.counts.unchanged,
    failure_count: p.counts.invalid + p.counts.conflict + p.counts.failed,
    started_at: iso(p.startedAt),
    completed_at: iso(p.finishedAt),
  };
}

/** `jobOf` for a batch summary. */
export function jobOfSummary(s: BatchSummary) {
  return jobOf({ id: s.id, createdAt: s.createdAt, updatedAt: s.updatedAt, progress: s.progress, kind: s.kind, resource: s.resource, operation: s.operation.type });
}
