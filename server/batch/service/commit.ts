import type pg from "pg";
import { audit } from "../../audit/audit";
import { AppError } from "../../errors";
import { producer } from "../../jobs/boss";
import { withTransaction } from "../../sql/tx";
import { batchRunJob } from "../execute/job";
import { batchInputSchema, type BatchInput, type BatchOptions } from "../schemas";
import { batchAuditDetails } from "./audit-details";
import { assertCanSeeBatch, type BatchActor } from "./actor";
import { batchSummary } from "./read";
import { validateBatch } from "./validate";

type Locked = { id: string; state: string; created_by_id: string; resource: string; options: BatchOptions; total_items: number; invalid_planned: number };

/** Reads and row-locks a batch the actor may control. */
export async function lockBatch(client: pg.PoolClient, actor: BatchActor, batchId: string): Promise<Locked> {
  const { rows } = await client.query<Locked>(
    `SELECT id, state, created_by_id, resource, options, total_items, invalid_planned FROM batches WHERE id = $1 FOR UPDATE`,
    [batchId],
  );
  const batch = rows[0];
  if (!batch) throw new AppError("NOT_FOUND", "No such batch.");
  assertCanSeeBatch(actor, batch.created_by_id);
  return batch;
}

/** Queues `count` run jobs in the caller's transaction, so they exist exactly when the state change commits. */
export async function enqueueRuns(client: pg.PoolClient, batchId: string, options: BatchOptions, count: number): Promise<void> {
  const boss = await producer();
  const db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
  const data = batchRunJob.schema.parse({ batchId });
  await boss.insert(
    batchRunJob.name,
    Array.from({ length: count }, () => ({ data, retryLimit: options.retries, retryBackoff: true, retryDelay: 1 })),
    { db },
  );
}

/**
 * Commits a previewed batch: cuts its frozen items into chunks and queues the workers. In strict mode
 * any invalid item blocks the commit.
 */
export async function commitBatch(actor: BatchActor, batchId: string) {
  await withTransaction(async (client) => {
    const batch = await lockBatch(client, actor, batchId);
    if (batch.state !== "previewed") {
      throw new AppError("CONFLICT", `This batch is ${batch.state.replace(/_/g, " ")}; only a previewed batch can be committed.`);
    }
    if (batch.options.validation === "strict" && batch.invalid_planned > 0) {
      throw new AppError(
        "PRECONDITION_FAILED",
        `${batch.invalid_planned.toLocaleString("en")} rows are invalid and validation is strict. Fix them or switch to lenient to skip them.`,
      );
    }
    const size = batch.options.chunkSize;
    const { rows } = await client.query<{ n: number }>(
      `WITH c AS (INSERT INTO batch_chunks (batch_id, chunk_no, first_seq, last_seq)
         SELECT $1, n, (n - 1) * $2 + 1, least(n * $2, $3) FROM generate_series(1, ceil($3::numeric / $2)::int) n RETURNING 1)
       SELECT count(*)::int AS n FROM c`,
      [batchId, size, batch.total_items],
    );
    const chunkCount = rows[0]!.n;
    await client.query(
      `UPDATE batches SET state = 'queued', queued_at = now(), updated_at = now(), chunk_count = $2, progress_seq = progress_seq + 1 WHERE id = $1`,
      [batchId, chunkCount],
    );
    await enqueueRuns(client, batchId, batch.options, Math.max(1, Math.min(batch.options.maxParallel, chunkCount)));
    await audit({ actor, action: "batch.execute", resource: batch.resource, batchId, details: { ...(await batchAuditDetails(client, batchId)), chunks: chunkCount } }, client);
  });
  return batchSummary(actor, batchId);
}

/** For API clients: validate (freezing the targets) and commit in one call. */
export async function validateAndCommit(actor: BatchActor, input: BatchInput) {
  const summary = await validateBatch(actor, batchInputSchema.parse(input));
  return commitBatch(actor, summary.id);
}
