import type { z } from "zod";
import type { Actor } from "../auth/actor";
import { assertCanSeeBatch } from "../auth/policy";
import { isUuid } from "../contracts/ids";
import { FINAL_STATES, type BatchState } from "../contracts/batch";
import { pool, prisma } from "../db";
import { AppError } from "../errors";
import type { Batch } from "../generated/prisma/client";
import type { JOB_STATES, jobStatusOutput } from "./batch-jobs-output";

// A job's figures, summed over its batches (one per operation, in order): the seed's status,
// progress, statistics and per-row errors.

type JobState = (typeof JOB_STATES)[number];
export type JobStatus = z.output<typeof jobStatusOutput>["data"];

/** Rows listed in `errors`; `errors_total` counts them all. */
export const MAX_LISTED_ERRORS = 100;
/** Rows per second assumed for an estimate before any row batch has finished here. */
const ASSUMED_ROWS_PER_SECOND = 500;

const SEED_TYPE: Record<string, string> = { update: "update", softDelete: "delete", hardDelete: "delete", restore: "restore", create: "create" };
const seedType = (b: Batch) => SEED_TYPE[(b.operation as { type?: string }).type ?? ""] ?? "update";

function jobState(batches: Batch[]): JobState {
  const states = batches.map((b) => b.state as BatchState);
  if (states.every((s) => FINAL_STATES.includes(s))) {
    if (states.includes("failed")) return "failed";
    if (states.includes("cancelled") || states.every((s) => s === "discarded")) return "cancelled";
    return "completed";
  }
  if (states.includes("running")) return "running";
  if (states.includes("paused")) return "paused";
  return batches.some((b) => b.startedAt !== null) ? "running" : "queued";
}

/** "0.004s" under a second, "1.2s" above. */
function seconds(ms: number): string {
  return ms < 1000 ? `${(ms / 1000).toFixed(3)}s` : `${(ms / 1000).toFixed(1)}s`;
}

/** "45s", "20m", "1h5m". */
export function duration(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(totalSeconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.ceil(s / 60)}m`;
  const h = Math.floor(s / 3600);
  const m = Math.ceil((s % 3600) / 60);
  return m ? `${h}h${m}m` : `${h}h`;
}

/** Rows per second of the recent finished row batches here, for estimates before a job has its own. */
export async function recentRowsPerSecond(): Promise<number> {
  const { rows } = await pool().query<{ rows: string | null; secs: number | null }>(
    `SELECT sum(processed) AS rows, sum(extract(epoch FROM finished_at - started_at)) AS secs FROM (
       SELECT processed, finished_at, started_at FROM batches
       WHERE kind = 'rows' AND state IN ('completed', 'completed_with_errors') AND started_at IS NOT NULL AND processed > 0
       ORDER BY finished_at DESC LIMIT 50) recent`,
  );
  const n = Number(rows[0]?.rows ?? 0);
  const secs = Number(rows[0]?.secs ?? 0);
  return n > 0 && secs > 0 ? n / secs : ASSUMED_ROWS_PER_SECOND;
}

type ErrorRow = {
  job_index: number;
  offset: number;
  seq: number;
  row_id: number | null;
  result: string | null;
  item_errors: { code?: string; message?: string }[] | null;
  error: { code?: string; message?: string; errors?: { code?: string; message?: string }[] } | null;
  attempts: number | null;
};

async function failedRows(jobId: string): Promise<{ rows: ErrorRow[]; total: number }> {
  const where = `FROM batches b JOIN batch_items i ON i.batch_id = b.id
     LEFT JOIN batch_results r ON r.batch_id = i.batch_id AND r.seq = i.seq
     WHERE b.job_id = $1 AND (r.result IN ('failed', 'conflict', 'invalid') OR (r.result IS NULL AND i.outcome = 'invalid'))`;
  const [listed, counted] = await Promise.all([
    pool().query<ErrorRow>(
      `SELECT b.job_index, coalesce((SELECT sum(p.total_items) FROM batches p WHERE p.job_id = b.job_id AND p.job_index < b.job_index), 0)::int AS offset,
         i.seq, coalesce(r.row_id, i.row_id) AS row_id, r.result, i.errors AS item_errors, r.error,
         (SELECT c.attempts FROM batch_chunks c WHERE c.batch_id = b.id AND i.seq BETWEEN c.first_seq AND c.last_seq) AS attempts
       ${where} ORDER BY b.job_index, i.seq LIMIT ${MAX_LISTED_ERRORS}`,
      [jobId],
    ),
    pool().query<{ n: number }>(`SELECT count(*)::int AS n ${where}`, [jobId]),
  ]);
  return { rows: listed.rows, total: counted.rows[0]?.n ?? 0 };
}

function errorOf(r: ErrorRow): JobStatus["errors"][number] {
  const first = r.error?.errors?.[0] ?? r.error ?? r.item_errors?.[0] ?? {};
  const tried = r.result === "failed" || r.result === "conflict";
  return {
    operation_index: r.offset + r.seq,
    job_operation: r.job_index,
    resource_id: r.row_id === null ? null : String(r.row_id),
    error: { code: first.code ?? "FAILED", message: first.message ?? "Not applied." },
    // A chunk's failed runs are counted before its successful one.
    attempts: tried ? (r.attempts ?? 0) + 1 : 0,
    status: r.result === "failed" ? "failed" : r.result === "conflict" ? "conflict" : "skipped",
  };
}

async function currentOperation(batches: Batch[]): Promise<JobStatus["progress"]["current_operation"]> {
  const running = batches.find((b) => b.state === "running");
  if (!running) return null;
  const offset = batches.filter((b) => (b.jobIndex ?? 0) < (running.jobIndex ?? 0)).reduce((n, b) => n + b.totalItems, 0);
  const seq = Math.min(running.processed + 1, Math.max(1, running.totalItems));
  const { rows } = await pool().query<{ row_id: number | null }>("SELECT row_id FROM batch_items WHERE batch_id = $1 AND seq = $2", [running.id, seq]);
  return { index: offset + seq, type: seedType(running), resource_id: rows[0]?.row_id == null ? null : String(rows[0].row_id), started_at: running.startedAt?.toISOString() ?? null, job_operation: running.jobIndex ?? 0 };
}

/** The job's batches (NOT_FOUND when there is no such job, or it is not the actor's to see). */
async function jobOf(actor: Pick<Actor, "id" | "role">, jobId: string) {
  const job = isUuid(jobId) ? await prisma.batchJob.findUnique({ where: { id: jobId }, include: { batches: { orderBy: { jobIndex: "asc" } } } }) : null;
  if (!job) throw new AppError("NOT_FOUND", "No such batch job.");
  assertCanSeeBatch(actor, job.createdById);
  return job;
}

/** The operations of a job, as both answers list them. */
export function operationsOf(batches: Batch[]): JobStatus["operations"] {
  return batches.map((b) => ({ index: b.jobIndex ?? 0, type: seedType(b), resource: b.resource, batch_id: b.id, status: b.state, total: b.totalItems }));
}

/** The job's status, as `GET /api/v1/batch/jobs/{job_id}` answers it. */
export async function jobStatus(actor: Pick<Actor, "id" | "role">, jobId: string): Promise<JobStatus> {
  const job = await jobOf(actor, jobId);
  const batches = job.batches;
  const sum = (f: (b: Batch) => number) => batches.reduce((n, b) => n + f(b), 0);
  const total = sum((b) => b.totalItems);
  const processed = sum((b) => b.processed);
  const failed = sum((b) => b.failed + b.conflicts + b.invalid);
  const completed = Math.max(0, processed - failed);
  const elapsedMs = sum((b) => (b.startedAt ? Math.max(1, (b.finishedAt ?? new Date()).getTime() - b.startedAt.getTime()) : 0));
  const state = jobState(batches);
  const finished = state === "completed" || state === "failed" || state === "cancelled";
  const rate = processed > 0 && elapsedMs > 0 ? processed / (elapsedMs / 1000) : null;
  const [errors, current] = await Promise.all([failedRows(job.id), currentOperation(batches)]);
  const started = batches.map((b) => b.startedAt).filter((d): d is Date => d !== null);
  const ends = batches.map((b) => b.finishedAt);
  return {
    job_id: job.id,
    type: job.type,
    description: job.description,
    status: state,
    created_at: job.createdAt.toISOString(),
    started_at: started.length ? new Date(Math.min(...started.map((d) => d.getTime()))).toISOString() : null,
    finished_at: finished && ends.every((d) => d !== null) ? new Date(Math.max(...ends.map((d) => d!.getTime()))).toISOString() : null,
    progress: { total_operations: total, completed, failed, percentage: total ? Math.floor((Math.min(processed, total) / total) * 100) : 100, current_operation: current },
    statistics: {
      success_rate: processed ? Math.round((completed / processed) * 1000) / 10 : null,
      average_operation_time: processed ? seconds(elapsedMs / processed) : null,
      estimated_remaining_time: finished ? "0s" : rate ? duration(Math.max(0, total - processed) / rate) : null,
    },
    errors: errors.rows.map(errorOf),
    errors_total: errors.total,
    operations: operationsOf(batches),
  };
}
