import type pg from "pg";
import { ACTIVE_STATES } from "../contracts/batch";

// Overlap: a schedule's new run does not start while an earlier one has not ended. Asked by the
// worker's run (a tick's run is then skipped) and by "run now" in the web process (409 instead).

/** How long a run may sit in `planning` before a later one no longer counts it as running (its worker died for good). */
const PLANNING_STALE_MS = 60 * 60 * 1000;

/** What keeps a new run of `scheduleId` from starting: an earlier run still planning, or one whose batch has not ended. */
export async function busyRun(client: pg.PoolClient | pg.Pool, scheduleId: string, exceptRunId: string | null): Promise<{ runId: string; dueAt: Date; batchId: string | null; why: string } | null> {
  const { rows } = await client.query<{ id: string; due_at: Date; batch_id: string | null; state: string; batch_state: string | null }>(
    `SELECT r.id, r.due_at, r.batch_id, r.state, b.state AS batch_state FROM schedule_runs r LEFT JOIN batches b ON b.id = r.batch_id
     WHERE r.schedule_id = $1 AND r.id IS DISTINCT FROM $2
       AND ((r.state = 'planning' AND r.created_at > now() - $3 * interval '1 millisecond') OR (r.state = 'committed' AND b.state = ANY($4))
            OR (r.state = 'held' AND b.state = 'awaiting_approval'))
     ORDER BY r.created_at DESC LIMIT 1`,
    [scheduleId, exceptRunId, PLANNING_STALE_MS, ACTIVE_STATES],
  );
  const r = rows[0];
  if (!r) return null;
  return { runId: r.id, dueAt: r.due_at, batchId: r.batch_id, why: r.state === "planning" ? "is still being planned" : `is still ${(r.batch_state ?? "").replace(/_/g, " ")}` };
}

