import { withTransaction } from "../sql/tx";
import { batchEndKind, batchEndText, type BatchEnd } from "./batch-text";
import { mailScheduledBatchEnds } from "../schedules/notices";
import { notifyUsers, type NotifyInput } from "./notify";

// Turns new outbox events (batch_events) into notifications for each batch's creator, the way the
// webhook drain (server/webhooks/drain.ts) turns them into deliveries, with a mark of its own
// (`notified_at`) set in the transaction that inserts the notifications (and queues their e-mails):
// a drain killed at any point did both or neither, so nothing is lost and nothing doubled. SKIP
// LOCKED gives drains in several workers disjoint events; the unique (user, event key) is the last
// guard against a duplicate.

const BATCH = 200;

export type DrainResult = { events: number; notifications: number };

type Row = BatchEnd & { id: string; createdById: string; actorId: string | null };

/** Drains one batch of events not yet notified; `events` < the limit means the outbox was empty. */
export async function drainNotificationsOnce(limit = BATCH): Promise<DrainResult> {
  return withTransaction(async (client) => {
    const { rows } = await client.query<Row>(
      `SELECT e.id::text AS id, e.batch_id AS "batchId", e.kind, e.to_state AS "toState", e.counts, e.actor_id AS "actorId",
         b.created_by_id AS "createdById", b.resource, b.operation->>'type' AS operation, b.last_error AS "lastError"
       FROM (SELECT * FROM batch_events WHERE notified_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) e
       JOIN batches b ON b.id = e.batch_id ORDER BY e.id`,
      [limit],
    );
    if (rows.length === 0) return { events: 0, notifications: 0 };
    const items = rows.flatMap((e): NotifyInput[] => {
      const kind = batchEndKind(e);
      // Whoever cancelled their own batch knows already.
      if (!kind || (kind === "batch_cancelled" && e.actorId === e.createdById)) return [];
      return [{ userId: e.createdById, kind, ...batchEndText(e, kind), link: `/batches/${e.batchId}`, batchId: e.batchId, eventKey: `batch_event:${e.id}` }];
    });
    const notifications = await notifyUsers(client, items);
    // A scheduled run's batch also mails the addresses its schedule lists (seed 003's notification block).
    await mailScheduledBatchEnds(client, rows);
    await client.query("UPDATE batch_events SET notified_at = now() WHERE id = ANY($1::bigint[])", [rows.map((e) => e.id)]);
    return { events: rows.length, notifications };
  });
}

/** Drains until no event is left to notify (as of each pass). */
export async function drainNotifications(): Promise<DrainResult> {
  const total: DrainResult = { events: 0, notifications: 0 };
  for (;;) {
    const r = await drainNotificationsOnce();
    total.events += r.events;
    total.notifications += r.notifications;
    if (r.events < BATCH) return total;
  }
}
