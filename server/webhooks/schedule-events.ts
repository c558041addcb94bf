import { withTransaction } from "../sql/tx";
import type { DrainResult } from "./drain";

// Schedule runs that did not commit — skipped for overlap, held at their preview by the guard — are
// news too: the `schedule_skipped` webhook event. The run row is its own outbox (the state is set
// in the run's transaction, the mark `webhooks_dispatched_at` in the one inserting its deliveries),
// drained as server/webhooks/drain.ts drains batch events: SKIP LOCKED claims, nothing lost or doubled.

const BATCH = 200;

export type ScheduleEventPayload = {
  type: "batch_event";
  timestamp: string;
  event: {
    type: "schedule_skipped";
    /** The batch the run previewed (a held run), else the schedule's id. */
    job_id: string;
    details: { schedule_id: string; schedule_name: string; run_id: string; due_at: string; state: "skipped" | "held"; reason: string | null; batch_id: string | null };
  };
};

type Row = { id: string; schedule_id: string; name: string; owner_id: string; state: "skipped" | "held"; reason: string | null; batch_id: string | null; due_at: Date; finished_at: Date | null };

export const scheduleEventIdOf = (runId: string) => `msg_schedule_run_${runId}`;

export function scheduleEventPayload(r: Row): ScheduleEventPayload {
  return {
    type: "batch_event",
    timestamp: (r.finished_at ?? new Date()).toISOString(),
    event: {
      type: "schedule_skipped",
      job_id: r.batch_id ?? r.schedule_id,
      details: { schedule_id: r.schedule_id, schedule_name: r.name, run_id: r.id, due_at: r.due_at.toISOString(), state: r.state, reason: r.reason, batch_id: r.batch_id },
    },
  };
}

/** Drains one batch of undispatched skipped or held runs; `events` < BATCH means none are left. */
export async function drainScheduleRunsOnce(limit = BATCH): Promise<DrainResult> {
  return withTransaction(async (client) => {
    const { rows } = await client.query<Row>(
      `SELECT r.id, r.schedule_id, s.name, s.owner_id, r.state, r.reason, r.batch_id, r.due_at, r.finished_at
       FROM (SELECT * FROM schedule_runs WHERE webhooks_dispatched_at IS NULL AND state IN ('skipped', 'held') ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED) r
       JOIN batch_schedules s ON s.id = r.schedule_id`,
      [limit],
    );
    if (rows.length === 0) return { events: 0, deliveries: 0 };
    const res = await client.query(
      `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, payload)
       SELECT w.id, n.event_id, 'schedule_skipped', n.payload
       FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS n(owner_id, event_id, payload)
       JOIN webhook_endpoints w ON w.enabled AND 'schedule_skipped' = ANY(w.events) AND w.schedule_id IS NULL AND (w.owner_id IS NULL OR w.owner_id = n.owner_id)
       LEFT JOIN users u ON u.id = w.owner_id
       WHERE u.id IS NULL OR NOT u.banned
       ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
      [rows.map((r) => r.owner_id), rows.map((r) => scheduleEventIdOf(r.id)), rows.map((r) => JSON.stringify(scheduleEventPayload(r)))],
    );
    await client.query("UPDATE schedule_runs SET webhooks_dispatched_at = now() WHERE id = ANY($1::uuid[])", [rows.map((r) => r.id)]);
    return { events: rows.length, deliveries: res.rowCount ?? 0 };
  });
}
