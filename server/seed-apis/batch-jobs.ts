import type { z } from "zod";
import type { Actor } from "../auth/actor";
import { assertMayRun } from "../auth/policy";
import { commitBatches } from "../batches/commit";
import { controlBatch } from "../batches/control";
import type { BatchSummary } from "../batches/read";
import { prisma } from "../db";
import { AppError } from "../errors";
import { getResource } from "../resources/registry";
import { validateBatch } from "../row-batches/validate";
import { invalidBatch, planJob, type Problem } from "./batch-jobs-input";
import type { createJobOutput, jobStatusOutput } from "./batch-jobs-output";
import { jobStatus, operationsOf, recentRowsPerSecond } from "./batch-jobs-status";

// Seed 003, batch jobs (`POST /api/v1/batch/jobs`, `GET /api/v1/batch/jobs/{job_id}`), over the
// engine: a job is a `batch_jobs` row and one row batch per operation, each planned (dry run) with
// the job's options, then committed — all at once (`parallel`, the default), or the first only, the
// next ones by the kernel as each previous one finishes (server/batches/job-chain.ts). The rows'
// owners, role, limits, audit and revert are the engine's; the batches show in the console too.

type CreateReply = z.output<typeof createJobOutput>;
type StatusReply = z.output<typeof jobStatusOutput>;

/** An engine refusal of operation `index`, as one of the seed's details (bad input) or kept (403, 429…). */
function atOperation(err: unknown, index: number): unknown {
  if (!(err instanceof AppError)) return err;
  if (err.code === "BAD_REQUEST") return invalidBatch([{ field: `operations[${index}]`, code: typeof err.details?.code === "string" ? err.details.code : "INVALID_OPERATION", message: err.message }]);
  return new AppError(err.code, `operations[${index}]: ${err.message}`, err.details);
}

/** Puts back what a refused job made: its previewed batches discarded (its commits were one transaction, rolled back). */
async function undo(actor: Actor, batches: BatchSummary[]): Promise<void> {
  for (const b of batches) await controlBatch(actor, b.id, "discard").catch(() => undefined);
}

/** In strict mode a job with an invalid row in any operation is refused before anything runs. */
function strictProblems(planned: BatchSummary[]): Problem[] {
  return planned.flatMap((b, i) =>
    b.preview.invalid > 0
      ? [{ field: `operations[${i}]`, code: "VALIDATION_FAILED", message: `${b.preview.invalid} of ${b.preview.total} rows are invalid and validation is strict (see GET /api/v1/batches/${b.id}/items).` }]
      : [],
  );
}

/** `POST /api/v1/batch/jobs`. */
export async function createBatchJob(actor: Actor, body: unknown): Promise<CreateReply> {
  const plan = planJob(body);
  // Refused before anything is written: an operation the role may not run at all.
  for (const [i, input] of plan.inputs.entries()) {
    try {
      assertMayRun(actor, getResource(input.resource), input.operation.type);
    } catch (err) {
      throw atOperation(err, i);
    }
  }
  const job = await prisma.batchJob.create({
    data: { createdById: actor.id, type: plan.type, description: plan.description, options: { parallel: plan.parallel, ...plan.options } },
  });
  const planned: BatchSummary[] = [];
  try {
    for (const [i, input] of plan.inputs.entries()) {
      planned.push(await validateBatch(actor, input, { job: { id: job.id, index: i } }).catch((err: unknown) => Promise.reject(atOperation(err, i))));
    }
    if (plan.options.validation === "strict") {
      const problems = strictProblems(planned);
      if (problems.length) throw invalidBatch(problems);
    }
    // One transaction: a parallel job's operations are all queued or none is.
    await commitBatches(actor, (plan.parallel ? planned : planned.slice(0, 1)).map((b) => b.id), atOperation);
  } catch (err) {
    await undo(actor, planned);
    throw err;
  }
  const status = await jobStatus(actor, job.id);
  const batches = await prisma.batch.findMany({ where: { jobId: job.id }, orderBy: { jobIndex: "asc" } });
  const remaining = Math.max(0, status.progress.total_operations - status.progress.completed - status.progress.failed);
  const eta = new Date(job.createdAt.getTime() + Math.max(1, Math.ceil(remaining / (await recentRowsPerSecond()))) * 1000);
  return {
    data: {
      job_id: job.id,
      status: status.status,
      created_at: status.created_at,
      estimated_completion: eta.toISOString(),
      progress: { total_operations: status.progress.total_operations, completed: status.progress.completed, failed: status.progress.failed, percentage: status.progress.percentage },
      operations: operationsOf(batches),
    },
  };
}

/** `GET /api/v1/batch/jobs/{job_id}`. */
export async function getBatchJob(actor: Actor, jobId: string): Promise<StatusReply> {
  return { data: await jobStatus(actor, jobId) };
}
