import { audit } from "../../audit/audit";
import { AppError } from "../../errors";
import { withTransaction } from "../../sql/tx";
import type { BatchState } from "../schemas";
import { batchAuditDetails } from "./audit-details";
import type { BatchActor } from "./actor";
import { closePendingChunks } from "../execute/chunks";
import { enqueueRuns, lockBatch } from "./commit";
import { batchSummary } from "./read";

const ALLOWED: Record<"pause" | "resume" | "cancel" | "discard", BatchState[]> = {
  pause: ["queued", "running"],
  resume: ["paused"],
  cancel: ["queued", "running", "paused"],
  discard: ["previewed"],
};

const NEXT: Record<keyof typeof ALLOWED, BatchState> = { pause: "paused", resume: "running", cancel: "cancelled", discard: "discarded" };

/**
 * Pause, resume, cancel or discard. Workers notice between chunks: a chunk in flight finishes (or
 * rolls back) whole, so the batch never stops half-way through a chunk.
 */
export async function controlBatch(actor: BatchActor, batchId: string, action: keyof typeof ALLOWED) {
  await withTransaction(async (client) => {
    // Closing the pending chunks first waits for any chunk a worker is applying right now (its row is
    // locked until it commits), so once "cancelled" is visible no chunk can land after it: counts,
    // audit and a revert started straight away all see every row the batch changed. It must come
    // before the batch row is locked, which that worker still has to update. Rolled back below if
    // the batch cannot be cancelled or is not the actor's.
    if (action === "cancel") await closePendingChunks(client, batchId);
    const batch = await lockBatch(client, actor, batchId);
    // An export streams one file in one go (server/exports), a fetch runs its own downloads
    // (server/media): both can be cancelled, not paused.
    const streamed = action === "pause" ? await client.query<{ type: string }>("SELECT operation->>'type' AS type FROM batches WHERE id = $1 AND operation->>'type' IN ('export', 'fetch')", [batchId]) : null;
    if (streamed?.rows[0]) {
      throw new AppError("CONFLICT", `${streamed.rows[0].type === "export" ? "An export" : "A file fetch"} cannot be paused; cancel it and start a new one.`);
    }
    if (!ALLOWED[action].includes(batch.state as BatchState)) {
      throw new AppError("CONFLICT", `Cannot ${action} a batch that is ${batch.state.replace(/_/g, " ")}.`);
    }
    const finished = action === "cancel" || action === "discard";
    await client.query(
      `UPDATE batches SET state = $2, updated_at = now(), progress_seq = progress_seq + 1,
         finished_at = CASE WHEN $3 THEN now() ELSE finished_at END,
         started_at = CASE WHEN $2 = 'running' THEN coalesce(started_at, now()) ELSE started_at END
       WHERE id = $1`,
      [batchId, NEXT[action], finished],
    );
    if (action === "resume") await enqueueRuns(client, batchId, batch.options, batch.options.maxParallel);
    await audit({ actor, action: `batch.${action}`, resource: batch.resource, batchId, details: await batchAuditDetails(client, batchId) }, client);
  });
  return batchSummary(actor, batchId);
}
