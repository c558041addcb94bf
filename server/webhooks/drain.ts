import { withTransaction } from "../sql/tx";
import { eventIdOf, payloadOf, webhookEventOf, type OutboxEvent } from "./events";
import { drainScheduleRunsOnce } from "./schedule-events";

// Turns new outbox events (batch_events) into deliveries, one per matching endpoint. The mark on
// each event (`webhooks_dispatched_at`) is set in the transaction that inserts its deliveries, so a
// drain killed at any point either did both or neither: nothing is lost, nothing doubled. Events
// are claimed with SKIP LOCKED, so drains in several workers take disjoint events; the unique
// (endpoint, event id) is the last guard against a duplicate. A per-event mark rather than a
// high-water id: ids are handed out before commit, so a cursor could step over a slower
// transaction's event that commits later.

const BATCH = 200;

export type DrainResult = { events: number; deliveries: number };

/** Drains one batch of undispatched events; `events` < BATCH means the outbox was empty. */
export async function drainOnce(limit = BATCH): Promise<DrainResult> {
  return withTransaction(async (client) => {
    const { rows } = await client.query<OutboxEvent & { createdById: string; scheduleId: string | null }>(
      `SELECT e.id::text AS id, e.batch_id AS "batchId", e.kind, e.to_state AS "toState", e.counts, e.at,
         b.started_at AS "startedAt", b.created_at AS "createdAt", b.created_by_id AS "createdById",
         (SELECT r.schedule_id FROM schedule_runs r WHERE r.batch_id = e.batch_id LIMIT 1) AS "scheduleId"
       FROM (SELECT * FROM batch_events WHERE webhooks_dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) e
       JOIN batches b ON b.id = e.batch_id ORDER BY e.id`,
      [limit],
    );
    if (rows.length === 0) return { events: 0, deliveries: 0 };
    const news = rows.flatMap((e) => {
      const type = webhookEventOf(e);
      return type ? [{ e, type }] : [];
    });
    let deliveries = 0;
    if (news.length > 0) {
      // An endpoint hears the batches its owner started, or, global, every batch; a disabled owner hears nothing.
      const res = await client.query(
        `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, payload)
         SELECT w.id, n.event_id, n.event_type, n.payload
         FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::uuid[]) AS n(owner_id, event_id, event_type, payload, schedule_id)
         JOIN webhook_endpoints w ON w.enabled AND n.event_type = ANY(w.events)
           -- A schedule's completion endpoint hears that schedule's runs only; the others, their owner's batches (or all).
           AND CASE WHEN w.schedule_id IS NOT NULL THEN w.schedule_id = n.schedule_id ELSE (w.owner_id IS NULL OR w.owner_id = n.owner_id) END
         LEFT JOIN users u ON u.id = w.owner_id
         WHERE u.id IS NULL OR NOT u.banned
         ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
        [
          news.map(({ e }) => e.createdById),
          news.map(({ e }) => eventIdOf(e.id)),
          news.map(({ type }) => type),
          news.map(({ e, type }) => JSON.stringify(payloadOf(e, type))),
          news.map(({ e }) => e.scheduleId),
        ],
      );
      deliveries = res.rowCount ?? 0;
    }
    await client.query("UPDATE batch_events SET webhooks_dispatched_at = now() WHERE id = ANY($1::bigint[])", [rows.map((e) => e.id)]);
    return { events: rows.length, deliveries };
  });
}

/** Drains until the outbox has nothing undispatched (as of each pass): batch events, then schedule runs that did not commit. */
export async function drainOutbox(): Promise<DrainResult> {
  const total: DrainResult = { events: 0, deliveries: 0 };
  for (const once of [drainOnce, drainScheduleRunsOnce]) {
    for (;;) {
      const r = await once(BATCH);
      total.events += r.events;
      total.deliveries += r.deliveries;
      if (r.events < BATCH) break;
    }
  }
  return total;
}
