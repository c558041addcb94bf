import type pg from "pg";
import { audit } from "../audit/audit";
import type { Actor } from "../auth/actor";
import { assertMayRun } from "../auth/policy";
import { isUuid } from "../contracts/ids";
import { guardSchema, notificationSchema, scheduleBodySchema, scheduleUpdateSchema, timingSchema, type Guard, type ScheduleBody, type ScheduleNotification, type ScheduleUpdate, type Timing } from "../contracts/schedules";
import { pool } from "../db";
import { AppError } from "../errors";
import { getResource } from "../resources/registry";
import { withTransaction } from "../sql/tx";
import { batchInputOf, resolveParams } from "../templates/params";
import { getTemplate } from "../templates/store";
import { syncCompletionWebhook } from "./completion-webhook";
import { cronOf, describeCron, nextRuns } from "./timing";

// Schedules: seen, changed and deleted by their owner and by admins; to anyone else they do not
// exist (NOT_FOUND), like templates. A schedule keeps the template version it was set up with
// until an edit moves it. `next_run_at` is the tick the worker's scheduler will run next
// (server/schedules/tick.ts); it is null while the schedule is paused or stopped.

export type ScheduleRecord = {
  id: string;
  ownerId: string;
  ownerEmail: string;
  name: string;
  description: string;
  templateId: string;
  templateName: string;
  templateVersion: number;
  templateCurrentVersion: number;
  params: Record<string, unknown>;
  ids: number[];
  timing: Timing;
  cron: string;
  timezone: string;
  /** The timing in words, with its zone. */
  inWords: string;
  guard: Guard;
  notification: ScheduleNotification;
  state: "active" | "paused" | "stopped";
  nextRunAt: string | null;
  pausedAt: string | null;
  stoppedReason: string | null;
  createdAt: string;
  updatedAt: string;
  lastRun: { id: string; state: string; dueAt: string; batchId: string | null } | null;
};

type Row = {
  id: string;
  owner_id: string;
  owner_email: string;
  name: string;
  description: string;
  template_id: string;
  template_name: string;
  template_version: number;
  template_current_version: number;
  params: Record<string, unknown>;
  ids: number[];
  timing: Timing;
  cron: string;
  timezone: string;
  guard: Guard;
  notification: ScheduleNotification;
  next_run_at: Date | null;
  paused_at: Date | null;
  stopped_reason: string | null;
  created_at: Date;
  updated_at: Date;
  last_run: { id: string; state: string; due_at: string; batch_id: string | null } | null;
};

const SELECT = `SELECT s.*, u.email AS owner_email, v.name AS template_name, t.current_version AS template_current_version,
    (SELECT json_build_object('id', r.id, 'state', r.state, 'due_at', r.due_at, 'batch_id', r.batch_id)
       FROM schedule_runs r WHERE r.schedule_id = s.id ORDER BY r.created_at DESC LIMIT 1) AS last_run
  FROM batch_schedules s JOIN users u ON u.id = s.owner_id
  JOIN batch_templates t ON t.id = s.template_id
  JOIN batch_template_versions v ON v.template_id = s.template_id AND v.version = s.template_version`;

function recordOf(r: Row): ScheduleRecord {
  return {
    id: r.id,
    ownerId: r.owner_id,
    ownerEmail: r.owner_email,
    name: r.name,
    description: r.description,
    templateId: r.template_id,
    templateName: r.template_name,
    templateVersion: r.template_version,
    templateCurrentVersion: r.template_current_version,
    params: r.params,
    ids: r.ids,
    timing: r.timing,
    cron: r.cron,
    timezone: r.timezone,
    inWords: describeCron(r.cron, r.timezone),
    guard: r.guard,
    notification: r.notification,
    state: r.stopped_reason ? "stopped" : r.paused_at ? "paused" : "active",
    nextRunAt: r.next_run_at?.toISOString() ?? null,
    pausedAt: r.paused_at?.toISOString() ?? null,
    stoppedReason: r.stopped_reason,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    lastRun: r.last_run ? { id: r.last_run.id, state: r.last_run.state, dueAt: new Date(r.last_run.due_at).toISOString(), batchId: r.last_run.batch_id } : null,
  };
}

const seesAll = (actor: Actor) => actor.role === "admin";
const notFound = () => new AppError("NOT_FOUND", "No such schedule (or it is not yours).");

/** Schedules the actor may see (its own; an admin's every one), by name. */
export async function listSchedules(actor: Actor): Promise<ScheduleRecord[]> {
  const { rows } = await pool().query<Row>(`${SELECT} WHERE s.deleted_at IS NULL AND ($1::text IS NULL OR s.owner_id = $1) ORDER BY lower(s.name), s.created_at`, [
    seesAll(actor) ? null : actor.id,
  ]);
  return rows.map(recordOf);
}

async function lockedRow(client: pg.PoolClient | pg.Pool, actor: Actor, scheduleId: string, lock: boolean): Promise<Row> {
  if (!isUuid(scheduleId)) throw notFound();
  const { rows } = await client.query<Row>(`${SELECT} WHERE s.id = $1 AND s.deleted_at IS NULL${lock ? " FOR UPDATE OF s" : ""}`, [scheduleId]);
  const row = rows[0];
  if (!row || (!seesAll(actor) && row.owner_id !== actor.id)) throw notFound();
  return row;
}

/** One schedule the actor may see. */
export async function getSchedule(actor: Actor, scheduleId: string): Promise<ScheduleRecord> {
  return recordOf(await lockedRow(pool(), actor, scheduleId, false));
}

/**
 * Checks that a schedule can run at all before it is saved: the template version exists for the
 * actor, its parameters take the values given (field errors `params.<name>`), the result is a
 * batch input, and the actor's role may run its operation.
 */
async function checkRunnable(actor: Actor, input: { templateId: string; templateVersion?: number; params: Record<string, unknown>; ids?: number[] }) {
  const t = await getTemplate(actor, input.templateId, input.templateVersion);
  if (t.deletedAt) throw new AppError("BAD_REQUEST", "templateId: that template was deleted.", { fields: { templateId: ["That template was deleted."] } });
  if (t.target.kind === "idsAtRun" && !input.ids) throw new AppError("BAD_REQUEST", "ids: this template's rows are given at each run; a schedule gives them once.", { fields: { ids: ["Give the rows each run acts on."] } });
  const values = resolveParams(t.parameters, input.params);
  const batchInput = batchInputOf(t, values, input.ids);
  assertMayRun(actor, getResource(batchInput.resource), batchInput.operation.type);
  return t;
}

/** The next tick after now, for a schedule that runs (null while paused or stopped). */
const nextTick = (cron: string, tz: string) => nextRuns(cron, tz, new Date(), 1)[0]!;

/** Saves a schedule for the actor; it is active at once, its first run at the next tick. */
export async function createSchedule(actor: Actor, raw: ScheduleBody): Promise<ScheduleRecord & { completionWebhookSecret: string | null }> {
  const input = scheduleBodySchema.parse(raw);
  const t = await checkRunnable(actor, input);
  const cron = cronOf(input.timing);
  const id = await withTransaction(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO batch_schedules (id, owner_id, name, description, template_id, template_version, params, ids, timing, cron, timezone, guard, notification, next_run_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [actor.id, input.name, input.description, t.id, t.version, input.params, input.ids ?? [], input.timing, cron, input.timing.timezone, input.guard, input.notification, nextTick(cron, input.timing.timezone)],
    );
    const scheduleId = rows[0]!.id;
    await audit({ actor, action: "schedule.create", resource: t.resource, details: { scheduleId, name: input.name, templateId: t.id, version: t.version, cron, timezone: input.timing.timezone, guard: input.guard } }, client);
    const hook = await syncCompletionWebhook(client, actor, { id: scheduleId, name: input.name, ownerId: actor.id }, input.notification);
    return { scheduleId, secret: hook?.secret ?? null };
  });
  return { ...(await getSchedule(actor, id.scheduleId)), completionWebhookSecret: id.secret };
}

/** Changes what is given; a new timing moves the next tick, a new templateVersion the version it runs. */
export async function updateSchedule(actor: Actor, raw: ScheduleUpdate): Promise<ScheduleRecord & { completionWebhookSecret: string | null }> {
  const input = scheduleUpdateSchema.parse(raw);
  const current = await lockedRow(pool(), actor, input.scheduleId, false);
  const params = input.params ?? current.params;
  const ids = input.ids ?? (current.ids.length ? current.ids : undefined);
  const version = input.templateVersion ?? current.template_version;
  await checkRunnable(actor, { templateId: current.template_id, templateVersion: version, params, ids });
  const timing = input.timing ? timingSchema.parse(input.timing) : current.timing;
  const cron = cronOf(timing);
  const secret = await withTransaction(async (client) => {
    const row = await lockedRow(client, actor, input.scheduleId, true);
    const runs = !row.paused_at && !row.stopped_reason;
    await client.query(
      `UPDATE batch_schedules SET name = $2, description = $3, template_version = $4, params = $5, ids = $6, timing = $7, cron = $8, timezone = $9,
         guard = $10, notification = $11, next_run_at = $12, updated_at = now() WHERE id = $1`,
      [
        row.id,
        input.name ?? row.name,
        input.description ?? row.description,
        version,
        params,
        ids ?? [],
        timing,
        cron,
        timing.timezone,
        input.guard ? guardSchema.parse(input.guard) : row.guard,
        input.notification ? notificationSchema.parse(input.notification) : row.notification,
        runs ? (input.timing ? nextTick(cron, timing.timezone) : row.next_run_at) : null,
      ],
    );
    await audit({ actor, action: "schedule.update", details: { scheduleId: row.id, changed: Object.keys(input).filter((k) => k !== "scheduleId") } }, client);
    if (!input.notification) return null;
    const hook = await syncCompletionWebhook(client, actor, { id: row.id, name: input.name ?? row.name, ownerId: row.owner_id }, notificationSchema.parse(input.notification));
    return hook?.secret ?? null;
  });
  return { ...(await getSchedule(actor, input.scheduleId)), completionWebhookSecret: secret };
}

/** Pauses (no ticks until resumed) or resumes (from the next tick; a stopped schedule too, once its owner may act). */
export async function setSchedulePaused(actor: Actor, scheduleId: string, paused: boolean): Promise<ScheduleRecord> {
  await withTransaction(async (client) => {
    const row = await lockedRow(client, actor, scheduleId, true);
    if (paused) {
      await client.query(`UPDATE batch_schedules SET paused_at = coalesce(paused_at, now()), next_run_at = NULL, updated_at = now() WHERE id = $1`, [row.id]);
    } else {
      await client.query(`UPDATE batch_schedules SET paused_at = NULL, stopped_reason = NULL, next_run_at = $2, updated_at = now() WHERE id = $1`, [row.id, nextTick(row.cron, row.timezone)]);
    }
    await audit({ actor, action: paused ? "schedule.pause" : "schedule.resume", details: { scheduleId: row.id, name: row.name } }, client);
  });
  return getSchedule(actor, scheduleId);
}

/** Deletes a schedule: no more ticks; its runs' batches stay. */
export async function deleteSchedule(actor: Actor, scheduleId: string): Promise<{ id: string }> {
  await withTransaction(async (client) => {
    const row = await lockedRow(client, actor, scheduleId, true);
    await client.query(`UPDATE batch_schedules SET deleted_at = now(), next_run_at = NULL, updated_at = now() WHERE id = $1`, [row.id]);
    await audit({ actor, action: "schedule.delete", details: { scheduleId: row.id, name: row.name } }, client);
  });
  return { id: scheduleId };
}

export type ScheduleRunRecord = {
  id: string;
  trigger: string;
  dueAt: string;
  state: string;
  reason: string | null;
  templateVersion: number;
  createdAt: string;
  finishedAt: string | null;
  batch: { id: string; state: string; willChange: number; invalid: number; succeeded: number; failed: number } | null;
};

/** A schedule's runs, newest first, with their batches' states. */
export async function scheduleRuns(actor: Actor, scheduleId: string, limit = 50): Promise<ScheduleRunRecord[]> {
  const s = await lockedRow(pool(), actor, scheduleId, false);
  const { rows } = await pool().query<{
    id: string;
    trigger: string;
    due_at: Date;
    state: string;
    reason: string | null;
    template_version: number;
    created_at: Date;
    finished_at: Date | null;
    batch_id: string | null;
    batch_state: string | null;
    will_change: number | null;
    invalid_planned: number | null;
    succeeded: number | null;
    failed: number | null;
  }>(
    `SELECT r.*, b.state AS batch_state, b.will_change, b.invalid_planned, b.succeeded, b.failed
     FROM schedule_runs r LEFT JOIN batches b ON b.id = r.batch_id WHERE r.schedule_id = $1 ORDER BY r.created_at DESC LIMIT $2`,
    [s.id, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    trigger: r.trigger,
    dueAt: r.due_at.toISOString(),
    state: r.state,
    reason: r.reason,
    templateVersion: r.template_version,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    batch: r.batch_id
      ? { id: r.batch_id, state: r.batch_state ?? "unknown", willChange: r.will_change ?? 0, invalid: r.invalid_planned ?? 0, succeeded: r.succeeded ?? 0, failed: r.failed ?? 0 }
      : null,
  }));
}
