import { pool } from "../db";

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
