import type { z } from "zod";
import type { ErrorEnvelope, RouteContext } from "../http/route";
import { readJsonBody } from "../http/body";
import { createJobBodySchema } from "../seed-apis/batch-jobs-input";
import { batchJobError, createJobOutput, jobErrorOutput, jobStatusOutput, seedErrorEnvelope } from "../seed-apis/batch-jobs-output";
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
import { createSeedTemplate, deleteSeedTemplate, getSeedTemplate, listSeedTemplates, replaceSeedTemplate, runSeedTemplate } from "../seed-apis/batch-templates";
import { deleteTemplateOutput, listTemplatesOutput, runBodySchema, runTemplateOutput, templateBodySchemaSeed, templateOutput } from "../seed-apis/batch-templates-io";
import {
  createSeedSchedule,
  deleteScheduleOutput,
  deleteSeedSchedule,
  getSeedSchedule,
  listSchedulesOutput,
  listSeedSchedules,
  pauseSeedSchedule,
  replaceSeedSchedule,
  runNowOutput,
  runSeedScheduleNow,
  scheduleBodySchemaSeed,
  scheduleError,
  scheduleErrorOutput,
  scheduleOutput,
  scheduleRunsOutput,
  seedScheduleRuns,
} from "../seed-apis/batch-schedules";

// The seeds' own endpoints that live under /api/v1 (seed 003's batch jobs): each is a route handler
// run through withActor under its rule (server/auth/route-rules.ts), so auth, scopes, rate-limit
// classes, Idempotency-Key and the seed's error envelope apply, and is documented in the OpenAPI
// document from its zod schemas like the procedures are.

export type SeedOperation = {
  operationId: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
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
  /** The code of a 400 in the seed's envelope, for the document (INVALID_BATCH by default). */
  invalidCode?: string;
  successStatus?: 200 | 201;
  /** Creates something: takes an `Idempotency-Key`. */
  creates?: boolean;
  handler: (ctx: RouteContext<Record<string, string>>) => Promise<unknown>;
};

const tag = "Seed 003: batch jobs";
const webhookTag = "Seed 003: webhooks";
const templatesTag = "Seed 003: batch templates";
/** Bad template input or parameters: 400 INVALID_TEMPLATE with the seed's details (`parameters.<name>` for a run's). */
const templateError = seedErrorEnvelope("INVALID_TEMPLATE", "Invalid batch template");
const TEMPLATE_BODY_LIMIT = 1024 * 1024;
const templateId = (params: Record<string, string>) => params.template_id ?? "";
const schedulesTag = "Seed 003: batch schedules";
const scheduleId = (params: Record<string, string>) => params.schedule_id ?? "";
const SCHEDULE_BODY_LIMIT = 1024 * 1024;
/** What every schedule operation shares: its tag, error body and envelope. */
const scheduleOp = { tag: schedulesTag, errorOutput: scheduleErrorOutput, errorEnvelope: scheduleError, invalidCode: "INVALID_SCHEDULE" } as const;
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
      "Events: job_completed, job_completed_with_errors, job_failed, job_cancelled, export_ready, schedule_skipped (a schedule's run " +
      "skipped for overlap or held at its preview by its guard; `details` name the schedule, run, reason and batch), awaiting_approval " +
      "(a batch sent for approval). Each POST carries `webhook-id` (the same on retries and redeliveries: de-duplicate on it), " +
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
  {
    operationId: "listBatchTemplates",
    method: "GET",
    path: "/batch/templates",
    rule: "batchTemplates.list",
    tag: templatesTag,
    summary: "Your batch templates (an admin's: everyone's), newest version each",
    output: listTemplatesOutput,
    errorOutput: jobErrorOutput,
    errorEnvelope: templateError,
    invalidCode: "INVALID_TEMPLATE",
    handler: async ({ actor }) => listSeedTemplates(actor),
  },
  {
    operationId: "createBatchTemplate",
    method: "POST",
    path: "/batch/templates",
    rule: "batchTemplates.create",
    tag: templatesTag,
    summary: "Save a batch template: one operation with `${parameter}` placeholders and typed parameters",
    description:
      "`operations` holds one operation (update, delete, restore) on a resource: `template` is the values an update sets and `filter` " +
      "selects the rows as batch jobs do (`{field: value}`); either may hold `${name}` for a parameter (string, number, boolean, date, enum; " +
      "`required`, `default`, `enum`). Without `filter` the rows are given at each run (`ids`). An optional parameter given no value leaves " +
      "out the condition or value it appears in. Bad input: 400 `INVALID_TEMPLATE` with `details`.",
    body: templateBodySchemaSeed,
    output: templateOutput,
    errorOutput: jobErrorOutput,
    errorEnvelope: templateError,
    invalidCode: "INVALID_TEMPLATE",
    successStatus: 201,
    creates: true,
    handler: async ({ actor, req }) => createSeedTemplate(actor, await readJsonBody(req, TEMPLATE_BODY_LIMIT)),
  },
  {
    operationId: "getBatchTemplate",
    method: "GET",
    path: "/batch/templates/{template_id}",
    rule: "batchTemplates.get",
    tag: templatesTag,
    summary: "One batch template at its newest version",
    output: templateOutput,
    errorOutput: jobErrorOutput,
    errorEnvelope: templateError,
    invalidCode: "INVALID_TEMPLATE",
    handler: async ({ actor, params }) => getSeedTemplate(actor, templateId(params)),
  },
  {
    operationId: "replaceBatchTemplate",
    method: "PUT",
    path: "/batch/templates/{template_id}",
    rule: "batchTemplates.update",
    tag: templatesTag,
    summary: "Replace a batch template: the body (as for create) becomes its next version; earlier versions stay runnable",
    body: templateBodySchemaSeed,
    output: templateOutput,
    errorOutput: jobErrorOutput,
    errorEnvelope: templateError,
    invalidCode: "INVALID_TEMPLATE",
    handler: async ({ actor, req, params }) => replaceSeedTemplate(actor, templateId(params), await readJsonBody(req, TEMPLATE_BODY_LIMIT)),
  },
  {
    operationId: "deleteBatchTemplate",
    method: "DELETE",
    path: "/batch/templates/{template_id}",
    rule: "batchTemplates.delete",
    tag: templatesTag,
    summary: "Delete a batch template (the batches it made keep their link)",
    output: deleteTemplateOutput,
    errorOutput: jobErrorOutput,
    errorEnvelope: templateError,
    invalidCode: "INVALID_TEMPLATE",
    handler: async ({ actor, params }) => deleteSeedTemplate(actor, templateId(params)),
  },
  {
    operationId: "runBatchTemplate",
    method: "POST",
    path: "/batch/templates/{template_id}/run",
    rule: "batchTemplates.run",
    tag: templatesTag,
    summary: "Run a batch template with parameters: a previewed (dry-run) batch, to commit like any other",
    description:
      "`parameters` by name (text converts by the parameter's type), `ids` for a template whose rows are given at run time, `version` to run " +
      "an earlier version. Bad parameters: 400 `INVALID_TEMPLATE` with a detail per parameter (`parameters.<name>`, `INVALID_PARAMETER`), before anything is planned.",
    body: runBodySchema,
    output: runTemplateOutput,
    errorOutput: jobErrorOutput,
    errorEnvelope: templateError,
    invalidCode: "INVALID_TEMPLATE",
    successStatus: 201,
    creates: true,
    handler: async ({ actor, req, params }) => runSeedTemplate(actor, templateId(params), await readJsonBody(req, TEMPLATE_BODY_LIMIT)),
  },
  {
    ...scheduleOp,
    operationId: "createBatchSchedule",
    method: "POST",
    path: "/batch/schedules",
    rule: "batchSchedules.create",
    summary: "Schedule a template: each tick is a dry run, committed on its own only within the guard",
    description:
      "`batch.template_id` and `parameters` (as a template run takes them; `ids` for a template whose rows are given at run time, `version` " +
      "to keep one), `timing.frequency` hourly / daily / weekdays / weekly (`day_of_week` 0–6) / monthly (`day_of_month` 1–28) / cron (`cron`, " +
      "five fields) at `time` (HH:MM) in `timezone` (IANA; daylight-saving changes are followed). Each run acts as the schedule's owner and " +
      "commits only if its preview changes at most `guard.max_rows` rows (1,000 unless given), has no invalid rows and none another unfinished " +
      "batch is about to write (unless `allow_invalid` / `allow_conflicts`); otherwise it stops at its preview. A tick while the previous run " +
      "has not ended is skipped and recorded. Bad input: 400 `INVALID_SCHEDULE` with `details`.",
    body: scheduleBodySchemaSeed,
    output: scheduleOutput,
    successStatus: 201,
    creates: true,
    handler: async ({ actor, req }) => createSeedSchedule(actor, await readJsonBody(req, SCHEDULE_BODY_LIMIT)),
  },
  {
    ...scheduleOp,
    operationId: "listBatchSchedules",
    method: "GET",
    path: "/batch/schedules",
    rule: "batchSchedules.list",
    summary: "Your schedules (an admin's: everyone's)",
    output: listSchedulesOutput,
    handler: async ({ actor }) => listSeedSchedules(actor),
  },
  {
    ...scheduleOp,
    operationId: "getBatchSchedule",
    method: "GET",
    path: "/batch/schedules/{schedule_id}",
    rule: "batchSchedules.get",
    summary: "One schedule, with its next five ticks and its last run",
    output: scheduleOutput,
    handler: async ({ actor, params }) => getSeedSchedule(actor, scheduleId(params)),
  },
  {
    ...scheduleOp,
    operationId: "replaceBatchSchedule",
    method: "PUT",
    path: "/batch/schedules/{schedule_id}",
    rule: "batchSchedules.update",
    summary: "Replace a schedule's name, parameters, timing, guard and notification (its template stays)",
    body: scheduleBodySchemaSeed,
    output: scheduleOutput,
    handler: async ({ actor, req, params }) => replaceSeedSchedule(actor, scheduleId(params), await readJsonBody(req, SCHEDULE_BODY_LIMIT)),
  },
  {
    ...scheduleOp,
    operationId: "deleteBatchSchedule",
    method: "DELETE",
    path: "/batch/schedules/{schedule_id}",
    rule: "batchSchedules.delete",
    summary: "Delete a schedule (no more ticks; its runs' batches stay)",
    output: deleteScheduleOutput,
    handler: async ({ actor, params }) => deleteSeedSchedule(actor, scheduleId(params)),
  },
  {
    ...scheduleOp,
    operationId: "pauseBatchSchedule",
    method: "POST",
    path: "/batch/schedules/{schedule_id}/pause",
    rule: "batchSchedules.pause",
    summary: "Pause a schedule: no ticks until it is resumed",
    output: scheduleOutput,
    handler: async ({ actor, params }) => pauseSeedSchedule(actor, scheduleId(params), true),
  },
  {
    ...scheduleOp,
    operationId: "resumeBatchSchedule",
    method: "POST",
    path: "/batch/schedules/{schedule_id}/resume",
    rule: "batchSchedules.resume",
    summary: "Resume a paused or stopped schedule from its next tick",
    output: scheduleOutput,
    handler: async ({ actor, params }) => pauseSeedSchedule(actor, scheduleId(params), false),
  },
  {
    ...scheduleOp,
    operationId: "runBatchScheduleNow",
    method: "POST",
    path: "/batch/schedules/{schedule_id}/run",
    rule: "batchSchedules.run",
    summary: "Run a schedule now (dry run, guard, commit or hold), outside its timetable",
    description: "409 `SCHEDULE_CONFLICT` (details: the conflicting run's `time` and the batch it `conflict_with`) while its previous run has not ended.",
    output: runNowOutput,
    successStatus: 201,
    creates: true,
    handler: async ({ actor, params }) => runSeedScheduleNow(actor, scheduleId(params)),
  },
  {
    ...scheduleOp,
    operationId: "listBatchScheduleRuns",
    method: "GET",
    path: "/batch/schedules/{schedule_id}/runs",
    rule: "batchSchedules.runs",
    summary: "A schedule's runs, newest first, with their batches",
    output: scheduleRunsOutput,
    handler: async ({ actor, params }) => seedScheduleRuns(actor, scheduleId(params)),
  },
];
