import { audit } from "../audit/audit";
import type { Actor } from "../auth/actor";
import { assertPlanStillAllowed, mayControlBatch } from "../auth/policy";
import { optionsSchema } from "../contracts/batch";
import { AppError } from "../errors";
import { withTransaction } from "../sql/tx";
import { batchAuditDetails } from "./audit-details";
import { cutChunks } from "./chunks";
import { kindOf } from "./kinds";
import { lockBatch } from "./lock";
import { batchSummary } from "./read";
import { assertCan, move } from "./transition";

/**
 * Commits a previewed batch: cuts its frozen items into chunks, moves it to queued and queues its
 * runs, all in one transaction. In strict mode any invalid item blocks the commit.
 */
export async function commitBatch(actor: Actor, batchId: string) {
  await withTransaction(async (client) => {
    const batch = await lockBatch(client, actor, batchId);
    if (!mayControlBatch(actor, batch)) throw new AppError("FORBIDDEN", "Your role may not commit batches.");
    assertPlanStillAllowed(actor, batch);
    const kind = kindOf(batch.kind);
    const options = optionsSchema.parse(batch.options);
    assertCan(batch, "commit");
    if (options.validation === "strict" && batch.invalidPlanned > 0) {
      throw new AppError(
        "PRECONDITION_FAILED",
        `${batch.invalidPlanned.toLocaleString("en")} rows are invalid and validation is strict. Fix them or switch to lenient to skip them.`,
      );
    }
    const chunkCount = await cutChunks(client, batchId, options.chunkSize, batch.totalItems);
    await move(client, batchId, "commit", actor, { chunkCount });
    await kind.job.insert(client, Array.from({ length: kind.runs(options, chunkCount) }, () => ({ batchId })), { retryLimit: options.retries });
    await audit({ actor, action: "batch.execute", resource: batch.resource, batchId, details: { ...(await batchAuditDetails(client, batchId)), chunks: chunkCount } }, client);
  });
  return batchSummary(actor, batchId);
}
