import { z } from "zod";
import type { Actor } from "../auth/actor";
import { guardSchema, notificationSchema, timingSchema, type ScheduleUpdate } from "../contracts/schedules";
import { rowIdSchema } from "../contracts/ids";
import { NAME_MAX, text } from "../contracts/text";
import { AppError, normalizeError } from "../errors";
import type { ErrorEnvelope } from "../http/route";
import { nextRuns } from "../schedules/timing";
import { createSchedule, deleteSchedule, getSchedule, listSchedules, scheduleRuns, setSchedulePaused, updateSchedule, type ScheduleRecord } from "../schedules/store";
import { runScheduleNow } from "../schedules/tick";
import { seedErrorEnvelope } from "./batch-jobs-output";

// Seed 003's schedules (`POST /api/v1/batch/schedules` and the rest) over server/schedules: the body
// `{ schedule: { name, description, batch: { template_id, parameters }, timing: { frequency, time,
// timezone }, notification } }`, plus ours beside it (`guard`, `batch.ids`, `batch.version`,
// `timing.day_of_week / day_of_month / cron`). Same store, owner, policy and audit as the console.

const seedTiming = z.strictObject({
  frequency: timingSchema.shape.frequency,
  time: z.string().max(5).optional(),
  timezone: text(64).optional(),
  day_of_week: z.number().int().min(0).max(6).optional(),
  day_of_month: z.number().int().min(1).max(28).optional(),
  cron: text(120).optional(),
});
const seedGuard = z.strictObject({ max_rows: z.number().int().min(0).max(1_000_000).optional(), allow_invalid: z.boolean().optional(), allow_conflicts: z.boolean().optional() });
const seedSchedule = z.strictObject({
  name: text(NAME_MAX),
  description: text(2_000).optional(),
  batch: z.strictObject({
    template_id: z.string().max(64),
    version: z.number().int().positive().max(1_000_000).optional(),
    parameters: z.record(z.string().max(64), z.union([text(10_000), z.number(), z.boolean(), z.null()])).default({}),
    ids: z.array(rowIdSchema).min(1).max(1_000_000).optional(),
  }),
  timing: seedTiming,
  notification: notificationSchema.optional(),
  guard: seedGuard.optional(),
});
export const scheduleBodySchemaSeed = z.strictObject({ schedule: seedSchedule });

const timingOf = (t: z.output<typeof seedTiming>) => ({
  frequency: t.frequency,
  ...(t.time !== undefined ? { time: t.time } : {}),
  ...(t.timezone !== undefined ? { timezone: t.timezone } : {}),
  ...(t.day_of_week !== undefined ? { dayOfWeek: t.day_of_week } : {}),
  ...(t.day_of_month !== undefined ? { dayOfMonth: t.day_of_month } : {}),
  ...(t.cron !== undefined ? { cron: t.cron } : {}),
});
const guardOf = (g: z.output<typeof seedGuard> | undefined) =>
  guardSchema.parse({ ...(g?.max_rows !== undefined ? { maxRows: g.max_rows } : {}), ...(g?.allow_invalid !== undefined ? { allowInvalid: g.allow_invalid } : {}), ...(g?.allow_conflicts !== undefined ? { allowConflicts: g.allow_conflicts } : {}) });

const problem = z.object({ field: z.string(), code: z.string(), message: z.string() });
/** A bad body as the seed's details, a field path each. */
function invalidSchedule(error: z.ZodError): AppError {
  const problems = error.issues.map((i) => ({ field: i.path.map(String).join(".") || "schedule", code: "INVALID_FIELD", message: i.message }));
  return new AppError("BAD_REQUEST", "Invalid batch schedule", { problems });
}

function parseBody(body: unknown): z.output<typeof seedSchedule> {
  const parsed = scheduleBodySchemaSeed.safeParse(body);
  if (!parsed.success) throw invalidSchedule(parsed.error);
  return parsed.data.schedule;
}

/** Our field errors (`timing.cron`, `params.status`) under the seed's names. */
function asSeedFields(raw: unknown): unknown {
  // A schema's refusal (a ZodError) as the one error mapping reads it: field errors by path.
  const err = normalizeError(raw);
  if (!err || err.code !== "BAD_REQUEST") return raw;
  if (err.details?.problems) return err;
  const fields = err.details?.fields as Record<string, string[]> | undefined;
  const rename = (f: string) => `schedule.${f.replace(/^params\./, "batch.parameters.").replace(/^ids/, "batch.ids").replace(/^templateId/, "batch.template_id")}`;
  const problems = fields
    ? Object.entries(fields).flatMap(([field, messages]) => messages.map((message) => ({ field: rename(field), code: field.startsWith("params.") ? "INVALID_PARAMETER" : "INVALID_FIELD", message })))
    : [{ field: "schedule", code: "INVALID_FIELD", message: err.message }];
  return new AppError("BAD_REQUEST", "Invalid batch schedule", { problems });
}

const runRef = z.object({ run_id: z.string(), state: z.string(), due_at: z.string(), batch_id: z.string().nullable() });
export const scheduleOutput = z.object({
  data: z.object({
    schedule_id: z.string(),
    name: z.string(),
    description: z.string(),
    status: z.enum(["active", "paused", "stopped"]),
    stopped_reason: z.string().nullable(),
    owner: z.string(),
    batch: z.object({ template_id: z.string(), template_name: z.string(), version: z.number().int(), parameters: z.record(z.string(), z.unknown()), ids: z.array(z.number().int()) }),
    timing: z.object({ frequency: z.string(), time: z.string(), timezone: z.string(), cron: z.string(), description: z.string().describe('The timing in words, e.g. "At 00:00 (Asia/Tokyo)".') }),
    guard: z.object({ max_rows: z.number().int(), allow_invalid: z.boolean(), allow_conflicts: z.boolean() }),
    notification: z.record(z.string(), z.unknown()),
    next_run_at: z.string().nullable(),
    next_runs: z.array(z.string()).describe("The next five ticks (none while paused or stopped)."),
    last_run: runRef.nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    webhook_secret: z
      .string()
      .optional()
      .describe("The signing secret (Standard Webhooks) of the on_completion webhook, in the answer that first set its URL only: its deliveries are signed with it."),
  }),
});
export const listSchedulesOutput = z.object({ data: z.object({ schedules: z.array(scheduleOutput.shape.data) }) });
export const deleteScheduleOutput = z.object({ data: z.object({ id: z.string() }) });
export const runNowOutput = z.object({ data: z.object({ schedule_id: z.string(), run_id: z.string(), due_at: z.string(), status: z.literal("due") }) });
export const scheduleRunsOutput = z.object({
  data: z.object({
    runs: z.array(
      z.object({
        run_id: z.string(),
        trigger: z.enum(["tick", "manual"]),
        due_at: z.string(),
        state: z.string().describe("due | planning | committed (its batch runs) | held (stopped at its preview by the guard) | skipped (overlap) | failed | stopped"),
        reason: z.string().nullable(),
        template_version: z.number().int(),
        batch: z.object({ batch_id: z.string(), state: z.string(), will_change: z.number().int(), invalid: z.number().int(), succeeded: z.number().int(), failed: z.number().int() }).nullable(),
        finished_at: z.string().nullable(),
      }),
    ),
  }),
});
export const scheduleErrorOutput = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.array(z.union([problem, z.object({ time: z.string(), conflict_with: z.string() })])), request_id: z.string().nullable() }),
});

const invalidEnvelope = seedErrorEnvelope("INVALID_SCHEDULE", "Invalid batch schedule");
/** 400 INVALID_SCHEDULE with details; 409 SCHEDULE_CONFLICT with the seed's `{time, conflict_with}` details; our codes otherwise. */
export const scheduleError: ErrorEnvelope = (mapped) => {
  const details = mapped.body.error.details as { code?: unknown; conflicts?: unknown } | undefined;
  if (mapped.status === 409 && details?.code === "SCHEDULE_CONFLICT") {
    return { status: 409, body: { error: { code: "SCHEDULE_CONFLICT", message: "Schedule conflict detected", details: details.conflicts, request_id: mapped.body.error.requestId ?? null } } };
  }
  return invalidEnvelope(mapped);
};

function seedScheduleOf(s: ScheduleRecord): z.output<typeof scheduleOutput>["data"] {
  return {
    schedule_id: s.id,
    name: s.name,
    description: s.description,
    status: s.state,
    stopped_reason: s.stoppedReason,
    owner: s.ownerEmail,
    batch: { template_id: s.templateId, template_name: s.templateName, version: s.templateVersion, parameters: s.params, ids: s.ids },
    timing: { frequency: s.timing.frequency, time: s.timing.time, timezone: s.timezone, cron: s.cron, description: s.inWords },
    guard: { max_rows: s.guard.maxRows, allow_invalid: s.guard.allowInvalid, allow_conflicts: s.guard.allowConflicts },
    notification: s.notification,
    next_run_at: s.nextRunAt,
    next_runs: s.nextRunAt ? [s.nextRunAt, ...nextRuns(s.cron, s.timezone, new Date(s.nextRunAt), 4).map((d) => d.toISOString())] : [],
    last_run: s.lastRun ? { run_id: s.lastRun.id, state: s.lastRun.state, due_at: s.lastRun.dueAt, batch_id: s.lastRun.batchId } : null,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

export async function listSeedSchedules(actor: Actor): Promise<z.output<typeof listSchedulesOutput>> {
  return { data: { schedules: (await listSchedules(actor)).map(seedScheduleOf) } };
}

export async function getSeedSchedule(actor: Actor, id: string): Promise<z.output<typeof scheduleOutput>> {
  return { data: seedScheduleOf(await getSchedule(actor, id)) };
}

export async function createSeedSchedule(actor: Actor, body: unknown): Promise<z.output<typeof scheduleOutput>> {
  const s = parseBody(body);
  const created = await createSchedule(actor, {
    name: s.name,
    description: s.description ?? "",
    templateId: s.batch.template_id,
    ...(s.batch.version !== undefined ? { templateVersion: s.batch.version } : {}),
    params: s.batch.parameters,
    ...(s.batch.ids ? { ids: s.batch.ids } : {}),
    timing: timingOf(s.timing),
    guard: guardOf(s.guard),
    notification: s.notification ?? {},
  }).catch((err: unknown) => Promise.reject(asSeedFields(err)));
  return { data: { ...seedScheduleOf(created), ...(created.completionWebhookSecret ? { webhook_secret: created.completionWebhookSecret } : {}) } };
}

/** A PUT replaces what the body gives (the template stays; `batch.version` moves the version it runs). */
export async function replaceSeedSchedule(actor: Actor, id: string, body: unknown): Promise<z.output<typeof scheduleOutput>> {
  const s = parseBody(body);
  const current = await getSchedule(actor, id);
  if (s.batch.template_id !== current.templateId) {
    throw new AppError("BAD_REQUEST", "Invalid batch schedule", { problems: [{ field: "schedule.batch.template_id", code: "INVALID_FIELD", message: "A schedule keeps its template; make a new schedule for another one." }] });
  }
  const update: ScheduleUpdate = {
    scheduleId: id,
    name: s.name,
    description: s.description ?? "",
    ...(s.batch.version !== undefined ? { templateVersion: s.batch.version } : {}),
    params: s.batch.parameters,
    ...(s.batch.ids ? { ids: s.batch.ids } : {}),
    timing: timingOf(s.timing),
    guard: guardOf(s.guard),
    notification: s.notification ?? {},
  };
  const updated = await updateSchedule(actor, update).catch((err: unknown) => Promise.reject(asSeedFields(err)));
  return { data: { ...seedScheduleOf(updated), ...(updated.completionWebhookSecret ? { webhook_secret: updated.completionWebhookSecret } : {}) } };
}

export async function deleteSeedSchedule(actor: Actor, id: string): Promise<z.output<typeof deleteScheduleOutput>> {
  return { data: await deleteSchedule(actor, id) };
}

export async function pauseSeedSchedule(actor: Actor, id: string, paused: boolean): Promise<z.output<typeof scheduleOutput>> {
  return { data: seedScheduleOf(await setSchedulePaused(actor, id, paused)) };
}

export async function runSeedScheduleNow(actor: Actor, id: string): Promise<z.output<typeof runNowOutput>> {
  const run = await runScheduleNow(actor, id);
  return { data: { schedule_id: id, run_id: run.runId, due_at: run.dueAt, status: "due" } };
}

export async function seedScheduleRuns(actor: Actor, id: string): Promise<z.output<typeof scheduleRunsOutput>> {
  const runs = await scheduleRuns(actor, id, 100);
  return {
    data: {
      runs: runs.map((r) => ({
        run_id: r.id,
        trigger: r.trigger === "manual" ? "manual" : "tick",
        due_at: r.dueAt,
        state: r.state,
        reason: r.reason,
        template_version: r.templateVersion,
        batch: r.batch ? { batch_id: r.batch.id, state: r.batch.state, will_change: r.batch.willChange, invalid: r.batch.invalid, succeeded: r.batch.succeeded, failed: r.batch.failed } : null,
        finished_at: r.finishedAt,
      })),
    },
  };
}
