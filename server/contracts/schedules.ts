import { z } from "zod";
import { MAX_BATCH_IDS } from "./batch";
import { rowIdSchema } from "./ids";
import { paramValuesSchema } from "./templates";
import { NAME_MAX, text } from "./text";

// A schedule (issue 12, seed 003's `POST /api/v1/batch/schedules`): a template version with fixed
// parameters, a timing in an IANA time zone, a guard its dry runs must stay within to commit on
// their own, and seed 003's notification block. server/schedules/timing.ts turns the timing into
// a cron expression and its next runs.

export const FREQUENCIES = ["hourly", "daily", "weekdays", "weekly", "monthly", "cron"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Whether `tz` is a time zone this runtime knows (IANA names such as Asia/Tokyo, and UTC). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const timingSchema = z
  .strictObject({
    frequency: z.enum(FREQUENCIES),
    /** "HH:MM" in the time zone (for hourly only the minutes count). */
    time: z.string().max(5).regex(HH_MM, 'time: give it as "HH:MM" (24-hour).').default("00:00"),
    timezone: text(64).refine(isTimeZone, "timezone: give an IANA time zone such as Europe/Berlin or Asia/Tokyo.").default("UTC"),
    /** weekly: 0 = Sunday … 6 = Saturday. */
    dayOfWeek: z.number().int().min(0).max(6).optional(),
    /** monthly: 1–28, so every month has it. */
    dayOfMonth: z.number().int().min(1).max(28).optional(),
    /** frequency "cron": five fields (minute hour day-of-month month day-of-week), checked by server/schedules/timing.ts. */
    cron: text(120).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.frequency === "cron" && !t.cron) ctx.addIssue({ code: "custom", path: ["cron"], message: 'A "cron" schedule gives its expression.' });
    if (t.frequency !== "cron" && t.cron) ctx.addIssue({ code: "custom", path: ["cron"], message: 'Only frequency "cron" takes an expression.' });
    if (t.frequency === "weekly" && t.dayOfWeek === undefined) ctx.addIssue({ code: "custom", path: ["dayOfWeek"], message: "A weekly schedule names its day (0 = Sunday … 6 = Saturday)." });
    if (t.frequency === "monthly" && t.dayOfMonth === undefined) ctx.addIssue({ code: "custom", path: ["dayOfMonth"], message: "A monthly schedule names its day (1–28)." });
  });
export type Timing = z.output<typeof timingSchema>;

export const MAX_GUARD_ROWS = 1_000_000;
export const DEFAULT_GUARD = { maxRows: 1000, allowInvalid: false, allowConflicts: false } as const;

/**
 * What an unattended run may do without a person: its dry run commits only when it changes at most
 * `maxRows` rows, has no invalid rows (unless allowed) and no rows another active batch is about to
 * write (unless allowed). Otherwise the run stops at its preview and notifies.
 */
export const guardSchema = z.strictObject({
  maxRows: z.number().int().min(0).max(MAX_GUARD_ROWS).default(DEFAULT_GUARD.maxRows),
  allowInvalid: z.boolean().default(false),
  allowConflicts: z.boolean().default(false),
});
export type Guard = z.output<typeof guardSchema>;

const emails = z.array(z.string().trim().max(254).pipe(z.email("Give e-mail addresses like name@example.com."))).max(20).default([]);
/** Seed 003's notification block: who hears of a run's end by e-mail, and a webhook URL for completions. */
export const notificationSchema = z
  .strictObject({
    on_completion: z.strictObject({ email: emails, webhook: z.string().max(2000).pipe(z.url({ protocol: /^https?$/, error: "Give an http(s) URL." })).optional() }).optional(),
    on_failure: z.strictObject({ email: emails, severity: z.enum(["low", "medium", "high", "critical"]).optional() }).optional(),
  })
  .default({});
export type ScheduleNotification = z.output<typeof notificationSchema>;

const scheduleFields = z.strictObject({
  name: text(NAME_MAX).trim().min(1, "A schedule needs a name."),
  description: text(2_000).default(""),
  templateId: z.uuid(),
  /** The version to run; the template's newest when left out. */
  templateVersion: z.number().int().positive().max(1_000_000).optional(),
  params: paramValuesSchema,
  /** The rows, for a template whose target is given at run time. */
  ids: z.array(rowIdSchema).min(1).max(MAX_BATCH_IDS).optional(),
  timing: timingSchema,
  guard: guardSchema.default(DEFAULT_GUARD),
  notification: notificationSchema,
});

export const scheduleBodySchema = scheduleFields;
export type ScheduleBody = z.input<typeof scheduleBodySchema>;

const scheduleId = z.uuid();
export const byScheduleIdSchema = z.strictObject({ scheduleId });
/** An edit: what is given replaces what the schedule has (a new templateVersion moves it to that version). */
export const scheduleUpdateSchema = z.strictObject({
  scheduleId,
  name: scheduleFields.shape.name.optional(),
  description: text(2_000).optional(),
  templateVersion: z.number().int().positive().max(1_000_000).optional(),
  params: paramValuesSchema.optional(),
  ids: z.array(rowIdSchema).min(1).max(MAX_BATCH_IDS).optional(),
  timing: timingSchema.optional(),
  guard: guardSchema.optional(),
  notification: notificationSchema.optional(),
});
export type ScheduleUpdate = z.input<typeof scheduleUpdateSchema>;

export const scheduleRunsSchema = z.strictObject({ scheduleId, limit: z.number().int().min(1).max(200).default(50) });

/** A timing to show before saving: its cron, its words and its next runs. */
export const timingPreviewSchema = z.strictObject({ timing: timingSchema, count: z.number().int().min(1).max(20).default(5) });

export const SCHEDULE_RUN_STATES = ["due", "committed", "held", "skipped", "failed", "stopped"] as const;
export type ScheduleRunState = (typeof SCHEDULE_RUN_STATES)[number];
