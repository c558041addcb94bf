import { z } from "zod";
import type { ErrorEnvelope } from "../http/route";
import type { Problem } from "./batch-jobs-input";

// What seed 003's job endpoints answer, as zod schemas: the REST layer documents them in the
// OpenAPI document and, outside production, checks every answer against them.

export const JOB_STATES = ["queued", "running", "paused", "completed", "failed", "cancelled"] as const;

const progress = z.object({
  total_operations: z.number().int().describe("Rows the job's operations act on, together."),
  completed: z.number().int().describe("Rows done (changed, or already as asked)."),
  failed: z.number().int().describe("Rows that failed, conflicted or were invalid."),
  percentage: z.number().int().min(0).max(100),
});

const operationRef = z.object({
  index: z.number().int().describe("The operation's index in the request's operations[]."),
  type: z.string(),
  resource: z.string(),
  batch_id: z.uuid().describe("Its batch: GET /api/v1/batches/{batchId} for the engine's view, items and results."),
  status: z.string().describe("The batch's state (previewed: waiting for an earlier operation of a sequential job)."),
  total: z.number().int(),
});

export const createJobOutput = z.object({
  data: z.object({
    job_id: z.uuid(),
    status: z.enum(JOB_STATES),
    created_at: z.string(),
    estimated_completion: z.string().describe("From the recent throughput of row batches."),
    progress,
    operations: z.array(operationRef),
  }),
});

const jobError = z.object({
  operation_index: z.number().int().describe("The row's position among all the job's rows, from 1 (as current_operation.index)."),
  job_operation: z.number().int().describe("Which of the request's operations it belongs to."),
  resource_id: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }),
  attempts: z.number().int().describe("Runs of the chunk it was in (0: skipped at validation, never tried)."),
  status: z.enum(["failed", "conflict", "skipped"]),
});

export const jobStatusOutput = z.object({
  data: z.object({
    job_id: z.uuid(),
    type: z.string(),
    description: z.string().nullable(),
    status: z.enum(JOB_STATES),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    progress: progress.extend({
      current_operation: z
        .object({ index: z.number().int(), type: z.string(), resource_id: z.string().nullable(), started_at: z.string().nullable(), job_operation: z.number().int() })
        .nullable()
        .describe("The row being worked on; null unless an operation is running."),
    }),
    statistics: z.object({
      success_rate: z.number().nullable().describe("Percent of the rows done that succeeded; null before any."),
      average_operation_time: z.string().nullable().describe('Time per row, such as "0.004s".'),
      estimated_remaining_time: z.string().nullable().describe('Such as "20m"; null while unknown.'),
    }),
    errors: z.array(jobError).describe("The first 100 failed rows."),
    errors_total: z.number().int(),
    operations: z.array(operationRef),
  }),
});

const detail = z.object({ field: z.string(), code: z.string(), message: z.string() });

/** The seed's error body: `INVALID_BATCH` with details for a bad job, our codes otherwise. */
export const jobErrorOutput = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.array(detail), request_id: z.string().nullable() }),
});

const problemsSchema = z.array(detail);

/** Our field errors (`details.fields`) as the seed's details. */
function detailsOf(details: Record<string, unknown> | undefined): Problem[] {
  const problems = problemsSchema.safeParse(details?.problems);
  if (problems.success) return problems.data;
  const fields = z.record(z.string(), z.array(z.string())).safeParse(details?.fields);
  return fields.success ? Object.entries(fields.data).flatMap(([field, messages]) => messages.map((message) => ({ field, code: "INVALID_FIELD", message }))) : [];
}

/** Failures as seed 003 prints them: any bad input (400) is `code` (INVALID_BATCH for jobs) with details; other statuses keep our code. */
export function seedErrorEnvelope(code: string, message: string): ErrorEnvelope {
  return ({ status, body }) => {
    const details = detailsOf(body.error.details);
    const invalid = status === 400;
    const listed = invalid && details.length === 0 ? [{ field: "batch", code: body.error.code, message: body.error.message }] : details;
    return {
      status,
      body: { error: { code: invalid ? code : body.error.code, message: invalid ? message : body.error.message, details: listed, request_id: body.error.requestId ?? null } },
    };
  };
}

export const batchJobError: ErrorEnvelope = seedErrorEnvelope("INVALID_BATCH", "Invalid batch job configuration");
