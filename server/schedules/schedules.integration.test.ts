import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { errorOf, idsWhere, type Caller } from "../../tests/helpers/batch";
import { runToEnd } from "../../tests/helpers/run-batch";
import { seedRows, userId } from "../../tests/helpers/seed";
import { callerAs } from "../../tests/helpers/session";
import { pool } from "../db";
import { producer } from "../jobs/boss";
import { logger } from "../logger";
import { runScheduleRun } from "./run";
import { tickSchedules } from "./tick";
import { drainOutbox } from "../webhooks/drain";
import { drainNotifications } from "../notifications/drain";

// Ticks are handled by calling the tick with a chosen time (no sleeping), runs by calling the run
// job's function, as the worker does.

let operator: Caller;
let admin: Caller;
let operator2: Caller;
let mine: number[];

beforeAll(async () => {
  for (const role of ["ADMIN", "OPERATOR"]) process.env[`BATCHES_PER_HOUR_${role}`] = "5000";
  await producer();
  await seedRows({ letters: 40 });
  [operator, admin, operator2] = await Promise.all([callerAs("operator"), callerAs("admin"), callerAs("operator2")]);
  mine = await idsWhere("letters", "owner_id = $1 AND deleted_at IS NULL", [await userId("operator")]);
});

// Schedules of earlier tests must not tick in later ones.
beforeEach(() => pool().query("UPDATE batch_schedules SET next_run_at = NULL"));

let n = 0;
/** A template of the operator's that renames `ids` to `${label}` (default "scheduled"). */
async function template(ids: number[]) {
  return operator.templates.create({
    name: `rename ${++n}`,
    resource: "letters",
    target: { kind: "ids", ids },
    operation: { type: "update", changes: [{ op: "set", field: "senderName", value: "${label} " + String(n) }] },
    parameters: [{ name: "label", type: "string", default: "scheduled" }],
  });
}

async function schedule(ids: number[], extra: Record<string, unknown> = {}) {
  const t = await template(ids);
  return operator.schedules.create({ name: `nightly ${n}`, templateId: t.id, timing: { frequency: "daily", time: "06:00", timezone: "America/New_York" }, ...extra });
}

const setNext = (id: string, at: string) => pool().query("UPDATE batch_schedules SET next_run_at = $2 WHERE id = $1", [id, at]);
const nextOf = async (id: string) => (await pool().query<{ next_run_at: Date | null }>("SELECT next_run_at FROM batch_schedules WHERE id = $1", [id])).rows[0]!.next_run_at?.toISOString() ?? null;
const runsOf = async (id: string) =>
  (await pool().query<{ id: string; trigger: string; due_at: Date; state: string; batch_id: string | null; reason: string | null }>("SELECT * FROM schedule_runs WHERE schedule_id = $1 ORDER BY created_at", [id])).rows;
const batchState = async (id: string) => (await pool().query<{ state: string }>("SELECT state FROM batches WHERE id = $1", [id])).rows[0]!.state;

describe("timing", () => {
  it("shows a timing's cron, its words and its next runs in its zone", async () => {
    const p = await operator.schedules.previewTiming({ timing: { frequency: "weekdays", time: "06:30", timezone: "Asia/Tokyo" }, count: 5 });
    expect(p.cron).toBe("30 6 * * 1-5");
    expect(p.inWords).toMatch(/06:30.*Monday through Friday.*Asia\/Tokyo/);
    expect(p.next).toHaveLength(5);
    for (const { at, local } of p.next) {
      expect(new Date(at).getUTCHours()).toBe(21); // 06:30 JST is 21:30 UTC the day before
      expect(local).toMatch(/06:30/);
    }
  });

  it("refuses a bad cron, an unknown zone and a weekly schedule without its day, naming the field", async () => {
    const bad = await errorOf(operator.schedules.previewTiming({ timing: { frequency: "cron", cron: "61 * * * *", timezone: "UTC" } }));
    expect(bad.message).toMatch(/timing\.cron/);
    const zone = await errorOf(operator.schedules.previewTiming({ timing: { frequency: "daily", timezone: "Mars/Olympus" } }));
    expect(zone.message).toMatch(/timezone/);
    const weekly = await errorOf(operator.schedules.previewTiming({ timing: { frequency: "weekly", time: "06:00" } }));
    expect(weekly.message).toMatch(/dayOfWeek/);
  });

  it("ticks at 06:00 New York time on each side of the spring-forward change (11:00 UTC, then 10:00 UTC)", async () => {
    const s = await schedule(mine.slice(0, 2));
    await setNext(s.id, "2026-03-07T11:00:00.000Z");
    const before = await tickSchedules(new Date("2026-03-07T11:00:20Z"));
    expect(before.runs.filter((r) => r.scheduleId === s.id).map((r) => r.dueAt.toISOString())).toEqual(["2026-03-07T11:00:00.000Z"]);
    // The clocks go forward on Sunday 8 March 2026: the next 06:00 is an hour earlier in UTC.
    expect(await nextOf(s.id)).toBe("2026-03-08T10:00:00.000Z");
    expect((await tickSchedules(new Date("2026-03-08T09:59:00Z"))).runs.filter((r) => r.scheduleId === s.id)).toEqual([]);
    const after = await tickSchedules(new Date("2026-03-08T10:00:05Z"));
    expect(after.runs.filter((r) => r.scheduleId === s.id).map((r) => r.dueAt.toISOString())).toEqual(["2026-03-08T10:00:00.000Z"]);
    expect(await nextOf(s.id)).toBe("2026-03-09T10:00:00.000Z");
  });

  it("a local time the spring-forward night skips (02:30 in Berlin) runs once, an hour later; the fall-back night's twice-seen 02:30 runs once", async () => {
    const t = await template(mine.slice(0, 1));
    const s = await operator.schedules.create({ name: "berlin", templateId: t.id, timing: { frequency: "daily", time: "02:30", timezone: "Europe/Berlin" } });
    await setNext(s.id, "2026-03-29T00:00:00.000Z");
    const spring = await tickSchedules(new Date("2026-03-29T01:31:00Z"));
    expect(spring.runs.filter((r) => r.scheduleId === s.id).map((r) => r.dueAt.toISOString())).toEqual(["2026-03-29T01:30:00.000Z"]);
    await setNext(s.id, "2026-10-25T00:30:00.000Z");
    const first = await tickSchedules(new Date("2026-10-25T00:30:10Z"));
    const second = await tickSchedules(new Date("2026-10-25T01:30:10Z"));
    expect(first.runs.filter((r) => r.scheduleId === s.id)).toHaveLength(1);
    expect(second.runs.filter((r) => r.scheduleId === s.id)).toHaveLength(0);
    expect(await nextOf(s.id)).toBe("2026-10-26T01:30:00.000Z");
  });

  it("a worker down over several ticks runs the schedule once, for the latest, and says how many passed", async () => {
    const t = await template(mine.slice(0, 1));
    const s = await operator.schedules.create({ name: "hourly", templateId: t.id, timing: { frequency: "hourly", time: "00:05", timezone: "UTC" } });
    await setNext(s.id, "2026-05-01T01:05:00.000Z");
    const { runs } = await tickSchedules(new Date("2026-05-01T04:06:00Z"));
    const ours = runs.filter((r) => r.scheduleId === s.id);
    expect(ours.map((r) => [r.dueAt.toISOString(), r.missed])).toEqual([["2026-05-01T04:05:00.000Z", 3]]);
    expect((await runsOf(s.id))[0]!.reason).toMatch(/^3 earlier ticks passed while no worker ran/);
  });

  it("several workers ticking at once make one run per tick, and one run's job run twice makes one batch", async () => {
    const s = await schedule(mine.slice(2, 4));
    await setNext(s.id, "2026-06-01T10:00:00.000Z");
    const at = new Date("2026-06-01T10:00:30Z");
    const results = await Promise.all([tickSchedules(at), tickSchedules(at), tickSchedules(at), tickSchedules(at)]);
    expect(results.flatMap((r) => r.runs).filter((r) => r.scheduleId === s.id)).toHaveLength(1);
    const [run] = await runsOf(s.id);
    const outcomes = await Promise.all([runScheduleRun(run!.id, logger), runScheduleRun(run!.id, logger)]);
    expect(outcomes.map((o) => o.state).sort()).toContain("committed");
    const { rows } = await pool().query("SELECT id FROM batches WHERE template_id = $1", [s.templateId]);
    expect(rows).toHaveLength(1);
  });
});

describe("the guard", () => {
  it("commits a run whose preview stays within it, as the system on behalf of the owner", async () => {
    const s = await schedule(mine.slice(4, 7), { guard: { maxRows: 10 } });
    const { runId } = await operator.schedules.runNow({ scheduleId: s.id });
    const outcome = await runScheduleRun(runId, logger);
    expect(outcome.state).toBe("committed");
    expect(await batchState(outcome.batchId!)).toBe("queued");
    const { rows } = await pool().query<{ actor_id: string; actor_via: string }>("SELECT actor_id, actor_via FROM audit_logs WHERE batch_id = $1 AND action = 'batch.execute'", [outcome.batchId]);
    expect(rows).toEqual([{ actor_id: await userId("operator"), actor_via: `schedule:${s.id}` }]);
    await runToEnd(outcome.batchId!);
    const runs = await operator.schedules.runs({ scheduleId: s.id });
    expect(runs[0]).toMatchObject({ trigger: "manual", state: "committed", batch: { id: outcome.batchId, state: "completed", succeeded: 3 } });
  });

  it("stops at the preview when it would change more rows than allowed, and the next run supersedes that preview", async () => {
    const s = await schedule(mine.slice(7, 12), { guard: { maxRows: 2 } });
    const first = await runScheduleRun((await operator.schedules.runNow({ scheduleId: s.id })).runId, logger);
    expect(first).toMatchObject({ state: "held" });
    expect(first.reason).toMatch(/would change 5 rows, more than the guard's 2/);
    expect(await batchState(first.batchId!)).toBe("previewed");
    const second = await runScheduleRun((await operator.schedules.runNow({ scheduleId: s.id })).runId, logger);
    expect(second.state).toBe("held");
    expect(await batchState(first.batchId!)).toBe("discarded");
  });

  it("a held run is a schedule_skipped webhook event for its owner's endpoints, delivered once", async () => {
    // What earlier tests left undrained (no worker runs here) goes out first, to no endpoint.
    await drainOutbox();
    const endpoint = await operator.webhooks.create({ url: "https://hooks.example.com/schedules", events: ["schedule_skipped"] });
    try {
      const s = await schedule(mine.slice(0, 3), { guard: { maxRows: 1 } });
      const held = await runScheduleRun((await operator.schedules.runNow({ scheduleId: s.id })).runId, logger);
      expect(held.state).toBe("held");
      await drainOutbox();
      await drainOutbox();
      const { rows } = await pool().query<{ event_type: string; payload: { event: { type: string; job_id: string; details: { schedule_id: string; state: string; reason: string } } } }>(
        "SELECT event_type, payload FROM webhook_deliveries WHERE endpoint_id = $1",
        [endpoint.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.payload.event).toMatchObject({ type: "schedule_skipped", job_id: held.batchId, details: { schedule_id: s.id, state: "held" } });
      expect(rows[0]!.payload.event.details.reason).toMatch(/more than the guard's 1/);
    } finally {
      await operator.webhooks.delete({ endpointId: endpoint.id });
    }
  });

  it("stops at the preview when a row is invalid", async () => {
    // Someone else's rows in an operator's template are planned invalid.
    const others = await idsWhere("letters", "owner_id = $1 AND deleted_at IS NULL", [await userId("operator2")]);
    const s = await schedule([mine[12]!, others[0]!]);
    const outcome = await runScheduleRun((await operator.schedules.runNow({ scheduleId: s.id })).runId, logger);
    expect(outcome.state).toBe("held");
    expect(outcome.reason).toMatch(/1 row is invalid/);
  });

  it("stops at the preview when its rows are in another batch that has not finished", async () => {
    const rows = mine.slice(13, 15);
    const other = await operator.batch.validate({ resource: "letters", target: { kind: "ids", ids: rows }, operation: { type: "update", changes: [{ op: "set", field: "title", value: "elsewhere" }] } });
    await operator.batch.execute({ batchId: other.id });
    const s = await schedule(rows);
    const outcome = await runScheduleRun((await operator.schedules.runNow({ scheduleId: s.id })).runId, logger);
    expect(outcome.state).toBe("held");
    expect(outcome.reason).toMatch(/2 rows are also in another batch that has not finished/);
    await runToEnd(other.id);
  });
});

describe("who hears of runs", () => {
  it("a held run notifies its owner, and mails seed 003's on_failure addresses; its batch's end mails on_completion's", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    try {
      const notification = { on_completion: { email: ["done@example.com"] }, on_failure: { email: ["ops@example.com"], severity: "high" } };
      const held = await schedule(mine.slice(0, 4), { guard: { maxRows: 1 }, notification });
      const h = await runScheduleRun((await operator.schedules.runNow({ scheduleId: held.id })).runId, logger);
      expect(h.state).toBe("held");
      const note = await pool().query<{ kind: string; link: string; title: string }>("SELECT kind, link, title FROM notifications WHERE user_id = $1 AND batch_id = $2", [await userId("operator"), h.batchId]);
      expect(note.rows).toEqual([{ kind: "schedule_held", link: `/batches/${h.batchId}`, title: expect.stringContaining("stopped at its preview") as string }]);
      const failureMail = await pool().query<{ subject: string; text: string }>("SELECT subject, text FROM email_outbox WHERE 'ops@example.com' = ANY(to_addresses) ORDER BY id DESC LIMIT 1");
      expect(failureMail.rows[0]?.subject).toMatch(/stopped at its preview/);
      expect(failureMail.rows[0]?.text).toMatch(/more than the guard's 1/);

      const ok = await schedule(mine.slice(4, 6), { notification });
      const c = await runScheduleRun((await operator.schedules.runNow({ scheduleId: ok.id })).runId, logger);
      expect(c.state).toBe("committed");
      await runToEnd(c.batchId!);
      await drainNotifications();
      const doneMail = await pool().query<{ subject: string; text: string }>("SELECT subject, text FROM email_outbox WHERE 'done@example.com' = ANY(to_addresses) ORDER BY id DESC LIMIT 1");
      expect(doneMail.rows[0]?.subject).toMatch(/its run completed/);
      expect(doneMail.rows[0]?.text).toContain(`/batches/${c.batchId}`);
    } finally {
      delete process.env.SMTP_URL;
    }
  });
});

describe("seed 003's on_completion webhook", () => {
  it("is an endpoint of the owner that hears this schedule's runs only; removing the URL removes it", async () => {
    await drainOutbox();
    const s = await schedule(mine.slice(6, 8), { notification: { on_completion: { webhook: "https://hooks.example.com/nightly" } } });
    expect(s.completionWebhookSecret).toMatch(/^whsec_/);
    const { rows: eps } = await pool().query<{ id: string; owner_id: string; events: string[] }>("SELECT id, owner_id, events FROM webhook_endpoints WHERE schedule_id = $1", [s.id]);
    expect(eps).toEqual([{ id: expect.any(String) as string, owner_id: await userId("operator"), events: ["job_completed", "job_completed_with_errors"] }]);
    const run = await runScheduleRun((await operator.schedules.runNow({ scheduleId: s.id })).runId, logger);
    await runToEnd(run.batchId!);
    // Another batch of the same owner, not the schedule's: the endpoint does not hear it.
    const other = await operator.batch.validate({ resource: "letters", target: { kind: "ids", ids: mine.slice(8, 9) }, operation: { type: "update", changes: [{ op: "set", field: "title", value: "not scheduled" }] } });
    await operator.batch.execute({ batchId: other.id });
    await runToEnd(other.id);
    await drainOutbox();
    const { rows } = await pool().query<{ event_type: string; payload: { event: { job_id: string } } }>("SELECT event_type, payload FROM webhook_deliveries WHERE endpoint_id = $1", [eps[0]!.id]);
    expect(rows.map((r) => [r.event_type, r.payload.event.job_id])).toEqual([["job_completed", run.batchId]]);
    await operator.schedules.update({ scheduleId: s.id, notification: {} });
    expect((await pool().query("SELECT 1 FROM webhook_endpoints WHERE schedule_id = $1", [s.id])).rowCount).toBe(0);
  });
});

describe("overlap, owners and who sees what", () => {
  it("a tick while the previous run's batch is still queued is skipped and recorded; run now is refused with SCHEDULE_CONFLICT", async () => {
    const s = await schedule(mine.slice(15, 17));
    const first = await runScheduleRun((await operator.schedules.runNow({ scheduleId: s.id })).runId, logger);
    expect(first.state).toBe("committed");
    const conflict = await errorOf(operator.schedules.runNow({ scheduleId: s.id }));
    expect(conflict.code).toBe("CONFLICT");
    expect((conflict.cause as { details?: unknown }).details).toMatchObject({ code: "SCHEDULE_CONFLICT", conflicts: [{ conflict_with: first.batchId }] });
    await setNext(s.id, "2026-07-01T10:00:00.000Z");
    const { runs } = await tickSchedules(new Date("2026-07-01T10:00:10Z"));
    const tick = runs.find((r) => r.scheduleId === s.id)!;
    const skipped = await runScheduleRun(tick.runId, logger);
    expect(skipped.state).toBe("skipped");
    expect(skipped.reason).toMatch(/is still queued/);
    await runToEnd(first.batchId!);
    expect((await runScheduleRun((await operator.schedules.runNow({ scheduleId: s.id })).runId, logger)).state).toBe("committed");
  });

  it("a schedule whose owner is disabled stops at its next run, and says why", async () => {
    const t = await operator2.templates.create({ name: "o2", resource: "letters", target: { kind: "idsAtRun" }, operation: { type: "restore" } });
    const theirs = await idsWhere("letters", "owner_id = $1", [await userId("operator2")]);
    const s = await operator2.schedules.create({ name: "o2 nightly", templateId: t.id, ids: theirs.slice(0, 1), timing: { frequency: "daily", time: "01:00", timezone: "UTC" } });
    const { runId } = await operator2.schedules.runNow({ scheduleId: s.id });
    const owner = await userId("operator2");
    await pool().query("UPDATE users SET banned = true WHERE id = $1", [owner]);
    try {
      const outcome = await runScheduleRun(runId, logger);
      expect(outcome.state).toBe("stopped");
      const after = await admin.schedules.get({ scheduleId: s.id });
      expect(after).toMatchObject({ state: "stopped", nextRunAt: null });
      expect(after.stoppedReason).toMatch(/is disabled/);
      // The disabled owner reads nothing: admins hear of it.
      const told = await pool().query<{ kind: string }>("SELECT kind FROM notifications WHERE user_id = $1 AND event_key = $2", [await userId("admin"), `schedule_run:${runId}`]);
      expect(told.rows).toEqual([{ kind: "schedule_stopped" }]);
    } finally {
      await pool().query("UPDATE users SET banned = false WHERE id = $1", [owner]);
    }
  });

  it("refuses bad parameters and a template it may not see before saving; someone else's schedule does not exist", async () => {
    const t = await template(mine.slice(0, 1));
    const bad = await errorOf(operator.schedules.create({ name: "x", templateId: t.id, params: { nope: 1 }, timing: { frequency: "daily", timezone: "UTC" } }));
    expect(bad.code).toBe("BAD_REQUEST");
    const theirs = await errorOf(operator2.schedules.create({ name: "x", templateId: t.id, timing: { frequency: "daily", timezone: "UTC" } }));
    expect(theirs.code).toBe("NOT_FOUND");
    const s = await operator.schedules.create({ name: "seen", templateId: t.id, timing: { frequency: "daily", timezone: "UTC" } });
    expect((await errorOf(operator2.schedules.get({ scheduleId: s.id }))).code).toBe("NOT_FOUND");
    expect((await admin.schedules.list()).map((x) => x.id)).toContain(s.id);
    expect((await operator2.schedules.list()).map((x) => x.id)).not.toContain(s.id);
  });

  it("pause clears the next tick and resume sets it again; an edit of the timing moves it", async () => {
    const t = await template(mine.slice(0, 1));
    const s = await operator.schedules.create({ name: "p", templateId: t.id, timing: { frequency: "daily", time: "06:00", timezone: "UTC" } });
    expect((await operator.schedules.pause({ scheduleId: s.id })).nextRunAt).toBeNull();
    const resumed = await operator.schedules.resume({ scheduleId: s.id });
    expect(new Date(resumed.nextRunAt!).getUTCHours()).toBe(6);
    const moved = await operator.schedules.update({ scheduleId: s.id, timing: { frequency: "daily", time: "07:15", timezone: "UTC" } });
    expect(moved.cron).toBe("15 7 * * *");
    expect(new Date(moved.nextRunAt!).getUTCHours()).toBe(7);
  });
});
