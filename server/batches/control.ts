import { audit } from "../audit/audit";
import type { Actor } from "../auth/actor";
import { assertPlanStillAllowed, mayControlBatch, requireScope, scopeForBatchKind } from "../auth/policy";
import { optionsSchema } from "../contracts/batch";
import { AppError } from "../errors";
import { withTransaction } from "../sql/tx";
import { batchAuditDetails } from "./audit-details";
import { closePendingChunks } from "./chunks";
import { kindOf } from "./kinds";
import { lockBatch, visibleBatch } from "./lock";
import { withdrawApprovalLocked } from "../approvals/requests";
import { batchSummary } from "./read";
import { assertCan, finishBatch, move, refuseMove } from "./transition";

export type ControlAction = "pause" | "resume" | "cancel" | "discard";

/**
 * Pause, resume, cancel or discard any kind of batch, as the state machine allows for its kind.
 * Workers notice between chunks (or at their next progress write): a chunk in flight finishes, or
 * rolls back, whole, so a batch never stops half-way through a chunk.
 */
export async function controlBatch(actor: Actor, batchId: string, action: ControlAction) {
  // Refused before anything is locked or written: another user's batch, or a move the table lacks.
  const seen = await visibleBatch(actor, batchId);
  if (!mayControlBatch(actor, seen)) throw new AppError("FORBIDDEN", `Your role (${actor.role}) may not ${action} batches.`);
  // The procedures let a token with any batch scope through; its kind decides which it needs.
  requireScope(actor, scopeForBatchKind(seen.kind));
  // Stopping is always allowed; going on needs the reach the plan was made with.
  if (action === "resume") assertPlanStillAllowed(actor, seen);
  assertCan(seen, action);
  const kind = kindOf(seen.kind);
  await withTransaction(async (client) => {
    // Closing the pending chunks first waits for any chunk a worker is applying right now (its row is
    // locked until it commits), so once "cancelled" is visible no chunk can land after it: counts,
    // audit and a revert started straight away all see every row the batch changed. It must come
    // before the batch row is locked, which that worker still has to update. Rolled back below if
    // the state moved on meanwhile.
    if (action === "cancel" && kind.chunked) await closePendingChunks(client, batchId);
    const batch = await lockBatch(client, actor, batchId);
    if (action === "pause" || action === "resume") await move(client, batchId, action, actor);
    else if (!(await finishBatch(client, batchId, action === "cancel" ? "cancelled" : "discarded", actor))) await refuseMove(client, batchId, action);
    // Discarded while it waited for approval: the request is withdrawn, not left pending.
    if (action === "discard" && batch.state === "awaiting_approval") await withdrawApprovalLocked(client, actor, batchId);
    if (action === "resume") {
      const options = optionsSchema.parse(batch.options);
      await kind.job.insert(client, Array.from({ length: kind.runs(options, batch.chunkCount) }, () => ({ batchId })), { retryLimit: options.retries });
    }
    await audit({ actor, action: `batch.${action}`, resource: batch.resource, batchId, details: await batchAuditDetails(client, batchId) }, client);
  });
  return batchSummary(actor, batchId);
}
