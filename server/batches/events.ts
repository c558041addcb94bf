import type { Actor } from "../auth/actor";
import type { BatchState } from "../contracts/batch";
import { pool } from "../db";
import { visibleBatch } from "./lock";

export type BatchEvent = {
  id: number;
  batchId: string;
  kind: string;
  action: string;
  fromState: string | null;
  toState: string;
  counts: Record<string, number>;
  actorKind: string;
  actorId: string | null;
  actorVia: string | null;
  at: Date;
};

/** A batch's outbox events, oldest first. */
export async function batchEvents(batchId: string): Promise<BatchEvent[]> {
  const { rows } = await pool().query<BatchEvent>(
    `SELECT id, batch_id AS "batchId", kind, action, from_state AS "fromState", to_state AS "toState", counts,
       actor_kind AS "actorKind", actor_id AS "actorId", actor_via AS "actorVia", at
     FROM batch_events WHERE batch_id = $1 ORDER BY id`,
    [batchId],
  );
  return rows;
}

/** A batch's life as its page shows it: each state change, when, and who made it (a user's name, or a worker). */
export async function batchTimeline(actor: Pick<Actor, "id" | "role">, batchId: string) {
  await visibleBatch(actor, batchId);
  const { rows } = await pool().query<{ action: string; toState: BatchState; actorKind: string; actorName: string | null; at: Date }>(
    `SELECT e.action, e.to_state AS "toState", e.actor_kind AS "actorKind", u.name AS "actorName", e.at
     FROM batch_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.batch_id = $1 ORDER BY e.id`,
    [batchId],
  );
  return rows;
}
