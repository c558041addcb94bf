import type pg from "pg";
import type { Logger } from "pino";
import { audit } from "../audit/audit";
import type { Actor } from "../auth/actor";
import { mayAct } from "../auth/policy";
import { roleSchema } from "../auth/roles";
import { ACTIVE_STATES } from "../contracts/batch";
import { guardSchema, type Guard } from "../contracts/schedules";
import { commitLocked } from "../batches/commit";
import { controlBatch } from "../batches/control";
import { lockBatch } from "../batches/lock";
import { batchSummary, type BatchSummary } from "../batches/read";
import { pool } from "../db";
import { AppError, normalizeError } from "../errors";
import { withTransaction } from "../sql/tx";
import { runTemplate } from "../templates/start-run";
import { queueWebhookDrain } from "../webhooks/queue";
import { noticeRunOutcome } from "./notices";
import { requestApprovalLocked } from "../approvals/requests";
import { matchingRules } from "../approvals/rules";
import { busyRun } from "./overlap";

// One run of a schedule, as the worker's `schedule.run` job does it (server/schedules/tick.ts queues
// it): the template dry-run as the schedule's owner, then committed only if its preview stays
// within the guard. Every step is safe to repeat after a crash, as pg-boss retries a killed job:
// - `due` → `planning` is a claim taken under the schedule's row lock, where overlap is decided,
//   so two runs of one schedule never plan at once;
// - the batch is linked to the run in the transaction that creates it (validateBatch's
//   alsoInTransaction), so a retry finds it instead of planning a second one;
// - the commit and the run's `committed` are one transaction.

type RunRow = {
  id: string;
  schedule_id: string;
  state: string;
  batch_id: string | null;
  due_at: Date;
  trigger: string;
  template_version: number;
  name: string;
  template_id: string;
  params: Record<string, string | number | boolean | null>;
  ids: number[];
  guard: Guard;
  notification: unknown;
  deleted_at: Date | null;
  owner_id: string;
  email: string;
  owner_name: string;
  role: string;
  banned: boolean | null;
  ban_expires: Date | null;
};

const RUN_SELECT = `SELECT r.id, r.schedule_id, r.state, r.batch_id, r.due_at, r.trigger, r.template_version,
    s.name, s.template_id, s.params, s.ids, s.guard, s.notification, s.deleted_at, u.id AS owner_id, u.email, u.name AS owner_name, u.role, u.banned, u.ban_expires
  FROM schedule_runs r JOIN batch_schedules s ON s.id = r.schedule_id JOIN users u ON u.id = s.owner_id WHERE r.id = $1`;

/** The schedule's owner as the actor its runs act as: audit names the owner and `schedule:<id>`. */
export function scheduleActor(scheduleId: string, owner: { id: string; email: string; name: string; role: string }): Actor {
  const role = roleSchema.safeParse(owner.role);
  return { kind: "system", via: `schedule:${scheduleId}`, id: owner.id, email: owner.email, name: owner.name, role: role.success ? role.data : "viewer" };
}

/**
 * Ends a run that has not ended (a second attempt racing the first changes nothing), in `client`'s
 * transaction or a new one. A run that did not commit is told of (server/schedules/notices.ts), and
 * a skipped or held one is news for webhooks (schedule_skipped): the drain is queued with it.
 */
async function finishRun(client: pg.PoolClient | null, row: RunRow, state: "committed" | "held" | "skipped" | "failed" | "stopped", reason: string | null, batchId: string | null = null): Promise<void> {
  if (!client) return withTransaction((c) => finishRun(c, row, state, reason, batchId));
  const ended = await client.query(`UPDATE schedule_runs SET state = $2, reason = coalesce($3, reason), finished_at = now() WHERE id = $1 AND state IN ('due', 'planning')`, [row.id, state, reason]);
  if (!ended.rowCount || state === "committed") return;
  await noticeRunOutcome(client, { runId: row.id, scheduleId: row.schedule_id, scheduleName: row.name, ownerId: row.owner_id, notification: row.notification }, state, reason ?? "", batchId);
  if (state === "held" || state === "skipped") await queueWebhookDrain(client);
}

/** Rows of `batchId` that will change and that another queued, running or paused batch of its resource is about to write. */
async function conflictingRows(batch: BatchSummary): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM batch_items i
     WHERE i.batch_id = $1 AND i.outcome = 'will_change' AND i.row_id IS NOT NULL
       AND i.row_id IN (SELECT o.row_id FROM batch_items o JOIN batches ob ON ob.id = o.batch_id
                        WHERE ob.resource = $2 AND ob.state = ANY($3) AND ob.id <> $1 AND o.row_id IS NOT NULL)`,
    [batch.id, batch.resource, ACTIVE_STATES],
  );
  return rows[0]!.n;
}

/** Why a previewed run may not commit on its own (empty: it may). */
export async function guardProblems(guard: Guard, batch: BatchSummary): Promise<string[]> {
  const problems: string[] = [];
  const { willChange, invalid } = batch.preview;
  if (willChange > guard.maxRows) problems.push(`it would change ${willChange.toLocaleString("en")} rows, more than the guard's ${guard.maxRows.toLocaleString("en")}`);
  if (invalid > 0 && !guard.allowInvalid) problems.push(`${invalid.toLocaleString("en")} row${invalid === 1 ? " is" : "s are"} invalid`);
  if (!guard.allowConflicts) {
    const conflicts = await conflictingRows(batch);
    if (conflicts > 0) problems.push(`${conflicts.toLocaleString("en")} row${conflicts === 1 ? " is" : "s are"} also in another batch that has not finished`);
  }
  return problems;
}

/** A held run's preview is superseded by the next run: discarded, so previews do not pile up. */
async function discardHeldPreviews(actor: Actor, scheduleId: string, exceptRunId: string): Promise<void> {
  const { rows } = await pool().query<{ batch_id: string }>(
    `SELECT r.batch_id FROM schedule_runs r JOIN batches b ON b.id = r.batch_id WHERE r.schedule_id = $1 AND r.id <> $2 AND r.state = 'held' AND b.state = 'previewed'`,
    [scheduleId, exceptRunId],
  );
  for (const { batch_id } of rows) await controlBatch(actor, batch_id, "discard").catch(() => undefined);
}

/** Thrown inside the planning transaction when another attempt of the same run linked its batch first. */
class AlreadyPlanned extends Error {}

export type RunOutcome = { state: "committed" | "held" | "skipped" | "failed" | "stopped" | "planning"; reason: string | null; batchId: string | null };

/**
 * Claims run `runId` for planning, or decides it is skipped (another run of its schedule has not
 * ended) or stopped (its owner is disabled, its schedule deleted); all under the schedule's row lock.
 */
async function claim(runId: string): Promise<{ row: RunRow; outcome: RunOutcome | null } | null> {
  return withTransaction(async (client) => {
    const found = await client.query<RunRow>(RUN_SELECT, [runId]);
    const row = found.rows[0];
    if (!row) return null;
    await client.query(`SELECT 1 FROM batch_schedules WHERE id = $1 FOR UPDATE`, [row.schedule_id]);
    const { rows: again } = await client.query<{ state: string; batch_id: string | null }>(`SELECT state, batch_id FROM schedule_runs WHERE id = $1`, [runId]);
    const current = again[0]!;
    if (current.state === "planning") return { row: { ...row, ...current }, outcome: null };
    if (current.state !== "due") return { row, outcome: { state: current.state as RunOutcome["state"], reason: null, batchId: current.batch_id } };
    if (row.deleted_at) {
      await finishRun(client, row, "stopped", "The schedule was deleted.");
      return { row, outcome: { state: "stopped", reason: "The schedule was deleted.", batchId: null } };
    }
    if (!mayAct({ banned: row.banned, banExpires: row.ban_expires })) {
      const reason = `Its owner ${row.email} is disabled.`;
      await stopSchedule(client, row, reason);
      await finishRun(client, row, "stopped", reason);
      return { row, outcome: { state: "stopped", reason, batchId: null } };
    }
    const busy = await busyRun(client, row.schedule_id, runId);
    if (busy) {
      const reason = `Skipped: the run due ${busy.dueAt.toISOString()} ${busy.why}${busy.batchId ? ` (batch ${busy.batchId})` : ""}.`;
      await finishRun(client, row, "skipped", reason);
      return { row, outcome: { state: "skipped", reason, batchId: null } };
    }
    await client.query(`UPDATE schedule_runs SET state = 'planning' WHERE id = $1`, [runId]);
    return { row: { ...row, state: "planning" }, outcome: null };
  });
}

/** Stops a schedule the system may no longer run (no ticks until someone resumes it). */
async function stopSchedule(client: pg.PoolClient, row: Pick<RunRow, "schedule_id" | "name" | "owner_id" | "email" | "owner_name" | "role">, reason: string): Promise<void> {
  await client.query(`UPDATE batch_schedules SET stopped_reason = $2, next_run_at = NULL, updated_at = now() WHERE id = $1`, [row.schedule_id, reason]);
  await audit({ actor: scheduleActor(row.schedule_id, { id: row.owner_id, email: row.email, name: row.owner_name, role: row.role }), action: "schedule.stop", details: { scheduleId: row.schedule_id, name: row.name, reason } }, client);
}

/** Carries out run `runId` (the `schedule.run` job): claim, dry run, guard, commit or hold. */
export async function runScheduleRun(runId: string, log: Logger): Promise<RunOutcome> {
  const claimed = await claim(runId);
  if (!claimed) throw new AppError("NOT_FOUND", `No schedule run ${runId}.`);
  if (claimed.outcome) return claimed.outcome;
  const { row } = claimed;
  const actor = scheduleActor(row.schedule_id, { id: row.owner_id, email: row.email, name: row.owner_name, role: row.role });
  let batchId = row.batch_id;
  if (!batchId) {
    await discardHeldPreviews(actor, row.schedule_id, runId);
    try {
      const run = await runTemplate(
        actor,
        { templateId: row.template_id, version: row.template_version, params: row.params, ...(row.ids.length ? { ids: row.ids } : {}) },
        { scheduleId: row.schedule_id, runId, trigger: row.trigger, dueAt: row.due_at.toISOString() },
        async (client, id) => {
          // A second attempt racing the first (a job run twice) plans nothing: its batch rolls back.
          const linked = await client.query(`UPDATE schedule_runs SET batch_id = $2 WHERE id = $1 AND batch_id IS NULL`, [runId, id]);
          if (linked.rowCount === 0) throw new AlreadyPlanned();
        },
      );
      batchId = run.batch.id;
    } catch (err) {
      if (err instanceof AlreadyPlanned) return runScheduleRun(runId, log);
      const known = normalizeError(err);
      if (!known) throw err;
      const reason = `The dry run was refused: ${known.message}`;
      await withTransaction(async (client) => {
        // A template deleted or no longer allowed to its owner will not run again: stop the schedule.
        if (known.code === "NOT_FOUND" || known.code === "FORBIDDEN") await stopSchedule(client, row, reason);
        await finishRun(client, row, "failed", reason);
      });
      log.warn({ runId, scheduleId: row.schedule_id, err: known.message }, "schedule run refused");
      return { state: "failed", reason, batchId: null };
    }
  }
  const summary = await batchSummary(actor, batchId);
  if (summary.state !== "previewed") {
    // An earlier attempt committed it and was killed before it could say so (the commit and the
    // state are one transaction, so this is only a batch someone else moved on or discarded).
    await finishRun(null, row, summary.state === "discarded" ? "failed" : "committed", summary.state === "discarded" ? "Its preview was discarded before the guard ran." : null, batchId);
    return { state: summary.state === "discarded" ? "failed" : "committed", reason: null, batchId };
  }
  const problems = await guardProblems(guardSchema.parse(row.guard), summary);
  if (problems.length > 0) {
    const reason = `Held at its preview: ${problems.join("; ")}. Review and commit it by hand, or change the guard.`;
    await finishRun(null, row, "held", reason, batchId);
    return { state: "held", reason, batchId };
  }
  // Within the guard but matching an approval rule: it waits for approvers, and commits once approved.
  const matched = await matchingRules(pool(), batchId);
  if (matched.approvalsNeeded > 0) {
    const reason = `Awaiting approval (${matched.rules.map((r) => r.name).join(", ")}); it is committed once approved.`;
    await withTransaction(async (client) => {
      const batch = await lockBatch(client, actor, batchId);
      if (batch.state === "previewed") await requestApprovalLocked(client, actor, batch, matched, { message: `Scheduled run of "${row.name}" (due ${row.due_at.toISOString()}).`, autoCommit: true });
      await finishRun(client, row, "held", reason, batchId);
    });
    return { state: "held", reason, batchId };
  }
  try {
    await withTransaction(async (client) => {
      const batch = await lockBatch(client, actor, batchId);
      // Committed by a racing attempt of this run since the guard read it.
      if (batch.state === "previewed") await commitLocked(client, actor, batch);
      await finishRun(client, row, "committed", null, batchId);
    });
  } catch (err) {
    // The owner's limits (batches an hour) or a role that shrank since the dry run: the run stops at its preview.
    const known = normalizeError(err);
    if (!known) throw err;
    const reason = `Held at its preview: the commit was refused (${known.message}).`;
    await finishRun(null, row, "held", reason, batchId);
    return { state: "held", reason, batchId };
  }
  return { state: "committed", reason: null, batchId };
}
