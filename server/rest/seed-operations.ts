import type { z } from "zod";
import type { ErrorEnvelope, RouteContext } from "../http/route";
import { readJsonBody } from "../http/body";
import { createJobBodySchema } from "../seed-apis/batch-jobs-input";
import { batchJobError, createJobOutput, jobErrorOutput, jobStatusOutput } from "../seed-apis/batch-jobs-output";
import { createBatchJob, getBatchJob } from "../seed-apis/batch-jobs";
import {
  createSeedWebhook,
  createWebhookBodySchema,
  createWebhookOutput,
  listSeedWebhooks,
  listWebhooksOutput,
  webhookError,
  webhookErrorOutput,
} from "../seed-apis/batch-webhooks";

// The seeds' own endpoints that live under /api/v1 (seed 003's batch jobs): each is a route handler
// run through withActor under its rule (server/auth/route-rules.ts), so auth, scopes, rate-limit
// classes, Idempotency-Key and the seed's error envelope apply, and is documented in the OpenAPI
// document from its zod schemas like the procedures are.

export type SeedOperation = {
  operationId: string;
  method: "GET" | "POST";
  /** Path under /api/v1, `{param}` segments as the seed names them. */
  path: `/${string}`;
  /** Its rule in ROUTE_RULES. */
  rule: string;
  tag: string;
  summary: string;
  description?: string;
  /** The request body, for the document (the handler parses it, so its problems use the seed's details). */
  body?: z.ZodType;
  output: z.ZodType;
  /** The seed's error body, for the document. */
  errorOutput: z.ZodType;
  errorEnvelope: ErrorEnvelope;
  successStatus?: 200 | 201;
  /** Creates something: takes an `Idempotency-Key`. */
  creates?: boolean;
  handler: (ctx: RouteContext<Record<string, string>>) => Promise<unknown>;
};

const tag = "Seed 003: batch jobs";
const webhookTag = "Seed 003: webhooks";
/** A create job's rows travel in its body, as REST batches' do. */
const JOB_BODY_LIMIT = 16 * 1024 * 1024;

export const SEED_OPERATIONS: SeedOperation[] = [
  {
    operationId: "createBatchJob",
    method: "POST",
    path: "/batch/jobs",
    rule: "batchJobs.create",
    tag,
    summary: "Create a batch job: one row batch per operation, run together or one after another",
    description:
      "Each operation (update, delete, restore, create) on a resource becomes a batch of the engine, planned with the job's options " +
      "(`max_concurrent` → parallel chunks 1–8, `retry.attempts` → retries 0–10, `validation.mode` strict / lenient, `on_error` skip / abort). " +
      "`filter` is `{field: value}` (a list: any of; null: empty; `{gte: 5}`: our filter operators). With `parallel: false` each operation " +
      "starts when the one before it has finished; a failed or cancelled one stops the rest. Bad input: 400 `INVALID_BATCH` with `details`.",
    body: createJobBodySchema,
    output: createJobOutput,
    errorOutput: jobErrorOutput,
    errorEnvelope: batchJobError,
    successStatus: 201,
    creates: true,
    handler: async ({ actor, req }) => createBatchJob(actor, await readJsonBody(req, JOB_BODY_LIMIT)),
  },
  {
    operationId: "getBatchJob",
    method: "GET",
    path: "/batch/jobs/{job_id}",
    rule: "batchJobs.get",
    tag,
    summary: "A batch job's status, progress, statistics and failed rows",
    output: jobStatusOutput,
    errorOutput: jobErrorOutput,
    errorEnvelope: batchJobError,
    handler: async ({ actor, params }) => getBatchJob(actor, params.job_id ?? ""),
  },
  {
    operationId: "createBatchWebhook",
    method: "POST",
    path: "/batch/webhooks",
    rule: "batchWebhooks.create",
    tag: webhookTag,
    summary: "Register a webhook for batch events (seed 003's payload, signed per Standard Webhooks)",
    description:
      "Events: job_completed, job_completed_with_errors, job_failed, job_cancelled, export_ready (awaiting_approval and schedule_skipped " +
      "are accepted; nothing sends them yet). Each POST carries `webhook-id` (the same on retries and redeliveries: de-duplicate on it), " +
      "`webhook-timestamp` and `webhook-signature`; verify with any Standard Webhooks library and the `secret` of this answer, shown only here. " +
      "Your own batches only, unless `global` (admins). Failed deliveries are retried with exponential backoff; repeated failures disable the webhook.",
    body: createWebhookBodySchema,
    output: createWebhookOutput,
    errorOutput: webhookErrorOutput,
    errorEnvelope: webhookError,
    successStatus: 201,
    creates: true,
    handler: async ({ actor, req }) => createSeedWebhook(actor, await readJsonBody(req, 64 * 1024)),
  },
  {
    operationId: "listBatchWebhooks",
    method: "GET",
    path: "/batch/webhooks",
    rule: "batchWebhooks.list",
    tag: webhookTag,
    summary: "The caller's webhooks (admins: all), without their secrets",
    output: listWebhooksOutput,
    errorOutput: webhookErrorOutput,
    errorEnvelope: webhookError,
    handler: async ({ actor }) => listSeedWebhooks(actor),
  },
];
