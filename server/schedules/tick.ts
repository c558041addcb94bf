import { audit } from "../audit/audit";
import type { Actor } from "../auth/actor";
import { scheduleRunJob } from "../jobs/definitions";
import { AppError } from "../errors";
import { withTransaction } from "../sql/tx";
import { busyRun } from "./overlap";
import { getSchedule } from "./store";
import { dueBetween, nextRuns } from "./timing";

// Ticks: every schedule whose `next_run_at` has come gets one run for the latest time it came due,
// its `schedule.run` job queued in the same transaction, and `next_run_at` moved past now. The run
// row's key (schedule, trigger, due time) makes a tick run once however many workers tick, and
// SKIP LOCKED keeps concurrent ticks off each other's schedules. A worker that was down for hours
// runs each schedule once on its next tick, for the latest time it came due, not once per tick missed.

const CLAIM = 50;

export type TickResult = { runs: { scheduleId: string; runId: string; dueAt: Date; missed: number }[] };

/** Ticks every due schedule as of `now` (the `schedule.tick` job; tests call it with a chosen time). */
export async function tickSchedules(now = new Date()): Promise<TickResult> {
  const out: TickResult["runs"] = [];
  for (;;) {
    const claimed = await withTransaction(async (client) => {
      const { rows } = await client.query<{ id: string; cron: string; timezone: string; next_run_at: Date; template_version: number }>(
        `SELECT id, cron, timezone, next_run_at, template_version FROM batch_schedules
         WHERE next_run_at <= $1 AND deleted_at IS NULL AND paused_at IS NULL AND stopped_reason IS NULL
         ORDER BY next_run_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, CLAIM],
      );
      for (const s of rows) {
        const due = dueBetween(s.cron, s.timezone, s.next_run_at, now);
        // Ticks before the latest one passed while no worker ticked. None at all: next_run_at was
        // the tick of a timing edited since; only the next tick moves.
        const missed = Math.max(0, due.count - 1);
        const inserted = due.latest
          ? await client.query<{ id: string }>(
              `INSERT INTO schedule_runs (id, schedule_id, trigger, due_at, template_version, reason)
               VALUES (gen_random_uuid(), $1, 'tick', $2, $3, $4) ON CONFLICT (schedule_id, trigger, due_at) DO NOTHING RETURNING id`,
              [s.id, due.latest, s.template_version, missed > 0 ? `${missed} earlier tick${missed === 1 ? "" : "s"} passed while no worker ran; this run is for the latest.` : null],
            )
          : { rows: [] };
        const runId = inserted.rows[0]?.id;
        if (runId && due.latest) {
          await scheduleRunJob.insert(client, [{ runId }]);
          out.push({ scheduleId: s.id, runId, dueAt: due.latest, missed });
        }
        await client.query(`UPDATE batch_schedules SET next_run_at = $2 WHERE id = $1`, [s.id, nextRuns(s.cron, s.timezone, now, 1)[0]]);
      }
      return rows.length;
    });
    if (claimed < CLAIM) return { runs: out };
  }
}

/**
 * "Run now": a run of the schedule outside its timetable, queued at once. Refused with 409
 * SCHEDULE_CONFLICT (seed 003's details: the time and the batch it conflicts with) while an earlier
 * run has not ended, rather than skipped as a tick is: whoever asks is there to hear it.
 */
export async function runScheduleNow(actor: Actor, scheduleId: string): Promise<{ runId: string; dueAt: string }> {
  const schedule = await getSchedule(actor, scheduleId);
  if (schedule.state === "stopped") throw new AppError("PRECONDITION_FAILED", `This schedule was stopped: ${schedule.stoppedReason} Resume it first.`);
  return withTransaction(async (client) => {
    await client.query(`SELECT 1 FROM batch_schedules WHERE id = $1 FOR UPDATE`, [scheduleId]);
    const busy = await busyRun(client, scheduleId, null);
    if (busy) {
      throw new AppError("CONFLICT", `Schedule conflict: its run due ${busy.dueAt.toISOString()} ${busy.why}.`, {
        code: "SCHEDULE_CONFLICT",
        conflicts: [{ time: busy.dueAt.toISOString(), conflict_with: busy.batchId ?? busy.runId }],
      });
    }
    const dueAt = new Date();
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO schedule_runs (id, schedule_id, trigger, due_at, template_version) VALUES (gen_random_uuid(), $1, 'manual', $2, $3) RETURNING id`,
      [scheduleId, dueAt, schedule.templateVersion],
    );
    const runId = rows[0]!.id;
    await scheduleRunJob.insert(client, [{ runId }]);
    await audit({ actor, action: "schedule.run_now", details: { scheduleId, runId, name: schedule.name } }, client);
    return { runId, dueAt: dueAt.toISOString() };
  });
}
