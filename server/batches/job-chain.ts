import type pg from "pg";
import type { Actor } from "../auth/actor";
import { mayControlBatch, planStillAllowed } from "../auth/policy";
import { roleSchema } from "../auth/roles";
import { optionsSchema, type BatchState } from "../contracts/batch";
import { AppError } from "../errors";
import { requestApprovalLocked } from "../approvals/requests";
import { matchingRules } from "../approvals/rules";
import { commitLocked } from "./commit";
import { RECORD_COLUMNS, type BatchRecord } from "./record";
import { awaitedOperation } from "./job-turn";
import { finishBatch } from "./transition";

// A sequential batch job (seed 003, `options.parallel: false`) is one previewed batch per operation,
// of which only the first is committed at creation. The rest are committed here, by the kernel, in
// the transaction that ends the batch before them (finishBatch calls continueJob): the end and the
// next commit are one commit, so no crash — of the worker, the web process, the database — can end
// one operation without queueing the next, or queue it twice. Nothing remembers the chain but the
// rows themselves (`batches.job_id`, `job_index`, state), so there is nothing to lose or resume.
//
// - completed (with or without errors): the next previewed operation is committed, on behalf of
//   the job's creator (a `system` actor, via `batch-job:<id>`, so audit says who and how), if their
//   role still allows its plan; otherwise the rest are discarded with the reason.
// - failed (on_error abort, retries used up) or cancelled: the job stops, its rest discarded.
// - discarded: nothing (a waiting operation someone discarded is skipped when its turn comes).

const GO_ON: readonly BatchState[] = ["completed", "completed_with_errors"];
const STOP: readonly BatchState[] = ["failed", "cancelled"];

type JobRow = { parallel: boolean; user_id: string; email: string; name: string; role: string; banned: boolean };

/**
 * The job's creator as the actor its chain acts for: a schedule-like `system` actor with their
 * current role; `enabled` is false for a disabled user (whose chain then stops).
 */
function creatorOf(jobId: string, row: JobRow): { actor: Actor; enabled: boolean } {
  const role = roleSchema.safeParse(row.role);
  const actor: Actor = { kind: "system", via: `batch-job:${jobId}`, id: row.user_id, email: row.email, name: row.name, role: role.success ? role.data : "viewer" };
  return { actor, enabled: role.success && !row.banned };
}

async function discardRest(client: pg.PoolClient, jobId: string, by: Actor, lastError: string): Promise<void> {
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM batches WHERE job_id = $1 AND state = 'previewed' ORDER BY job_index FOR UPDATE`, [jobId]);
  for (const { id } of rows) await finishBatch(client, id, "discarded", by, { lastError });
}

/**
 * Called by finishBatch for every batch that ends, in its transaction: moves a sequential job on to
 * its next operation, or stops it. Never throws for a reason about the job (that would roll back the
 * end of the batch that finished): a next operation that cannot be committed is discarded instead.
 */
export async function continueJob(client: pg.PoolClient, ended: Pick<BatchRecord, "id" | "jobId" | "state">): Promise<void> {
  if (!ended.jobId || !(GO_ON.includes(ended.state) || STOP.includes(ended.state))) return;
  // The job row's lock orders concurrent ends of the same job's batches.
  const { rows } = await client.query<JobRow>(
    `SELECT coalesce((j.options->>'parallel')::boolean, true) AS parallel, u.id AS user_id, u.email, u.name, u.role, u.banned
     FROM batch_jobs j JOIN users u ON u.id = j.created_by_id WHERE j.id = $1 FOR UPDATE OF j`,
    [ended.jobId],
  );
  const job = rows[0];
  if (!job || job.parallel) return;
  const { actor: creator, enabled } = creatorOf(ended.jobId, job);
  if (STOP.includes(ended.state)) return discardRest(client, ended.jobId, creator, `Not run: an earlier operation of its job ${ended.state === "failed" ? "failed" : "was cancelled"}.`);
  const active = await client.query("SELECT 1 FROM batches WHERE job_id = $1 AND state IN ('queued', 'running', 'paused') AND id <> $2 LIMIT 1", [ended.jobId, ended.id]);
  if (active.rowCount) return;
  const next = await client.query<BatchRecord>(`SELECT ${RECORD_COLUMNS} FROM batches b WHERE b.job_id = $1 AND b.state = 'previewed' ORDER BY b.job_index LIMIT 1 FOR UPDATE`, [ended.jobId]);
  const batch = next.rows[0];
  if (!batch) return;
  const strictBlocked = optionsSchema.parse(batch.options).validation === "strict" && batch.invalidPlanned > 0;
  if (!enabled || !mayControlBatch(creator, batch) || !planStillAllowed(creator, batch) || strictBlocked) {
    return discardRest(client, ended.jobId, creator, strictBlocked ? "Not run: rows are invalid and validation is strict." : "Not run: the job's creator may no longer run it.");
  }
  // A step that needs approval waits for it, and is committed as soon as it is approved.
  const matched = await matchingRules(client, batch.id);
  if (matched.approvalsNeeded > 0) return requestApprovalLocked(client, creator, batch, matched, { message: `Operation ${batch.jobIndex ?? "?"} of batch job ${ended.jobId}.`, autoCommit: true });
  await commitLocked(client, creator, batch);
}

/** Refuses to commit a later operation of a sequential job by hand while an earlier one has not finished. */
export async function assertJobTurn(client: pg.PoolClient, batch: Pick<BatchRecord, "jobId" | "jobIndex">): Promise<void> {
  const awaited = await awaitedOperation(client, batch);
  if (awaited !== null) throw new AppError("CONFLICT", `This batch is operation ${batch.jobIndex} of a sequential job: it runs once operation ${awaited} has finished.`, { jobId: batch.jobId });
}
