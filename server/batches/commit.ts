import type pg from "pg";
import { audit } from "../audit/audit";
import { assertApprovedForCommit } from "../approvals/gate";
import type { Actor } from "../auth/actor";
import { assertPlanStillAllowed, mayControlBatch } from "../auth/policy";
import { optionsSchema } from "../contracts/batch";
import { AppError } from "../errors";
import { withTransaction } from "../sql/tx";
import { batchAuditDetails } from "./audit-details";
import { cutChunks } from "./chunks";
import { assertJobTurn } from "./job-chain";
import { kindOf } from "./kinds";
import { lockBatch } from "./lock";
import { batchSummary } from "./read";
import type { BatchRecord } from "./record";
import { assertCan, move } from "./transition";

/**
 * Commits a batch the caller has locked, in its transaction: checks who commits and the batch's
 * state and validation (strict: any invalid item blocks it), cuts its frozen items into chunks,
 * moves it to queued and queues its runs.
 */
export async function commitLocked(client: pg.PoolClient, actor: Actor, batch: BatchRecord): Promise<void> {
  if (!mayControlBatch(actor, batch)) throw new AppError("FORBIDDEN", "Your role may not commit batches.");
  assertPlanStillAllowed(actor, batch);
  const kind = kindOf(batch.kind);
  const options = optionsSchema.parse(batch.options);
  assertCan(batch, "commit");
  await assertApprovedForCommit(client, batch);
  if (options.validation === "strict" && batch.invalidPlanned > 0) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `${batch.invalidPlanned.toLocaleString("en")} rows are invalid and validation is strict. Fix them or switch to lenient to skip them.`,
    );
  }
  const chunkCount = await cutChunks(client, batch.id, options.chunkSize, batch.totalItems);
  await move(client, batch.id, "commit", actor, { chunkCount });
  await kind.job.insert(client, Array.from({ length: kind.runs(options, chunkCount) }, () => ({ batchId: batch.id })), { retryLimit: options.retries });
  await audit({ actor, action: "batch.execute", resource: batch.resource, batchId: batch.id, details: { ...(await batchAuditDetails(client, batch.id)), chunks: chunkCount } }, client);
}

/** Commits a previewed batch: its chunks, the move to queued and its runs in one transaction. */
export async function commitBatch(actor: Actor, batchId: string) {
  await withTransaction(async (client) => {
    const batch = await lockBatch(client, actor, batchId);
    // A later operation of a sequential job waits for the ones before it (the chain commits it).
    await assertJobTurn(client, batch);
    await commitLocked(client, actor, batch);
  });
  return batchSummary(actor, batchId);
}

/**
 * Commits previewed batches together, in one transaction: all are queued or none (a parallel batch
 * job's operations, so a crash or a refusal never leaves part of a job running). A refusal of one is
 * thrown through `refusedAt(err, index)`.
 */
export async function commitBatches(actor: Actor, batchIds: string[], refusedAt: (err: unknown, index: number) => unknown = (err) => err): Promise<void> {
  await withTransaction(async (client) => {
    for (const [i, batchId] of batchIds.entries()) {
      try {
        const batch = await lockBatch(client, actor, batchId);
        await assertJobTurn(client, batch);
        await commitLocked(client, actor, batch);
      } catch (err) {
        throw refusedAt(err, i);
      }
    }
  });
}
