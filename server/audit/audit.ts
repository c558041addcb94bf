import type pg from "pg";
import { actorVia, type Actor } from "../auth/actor";
import { pool } from "../db";

export type AuditEntry = {
  /** Who acted (null: the system on nobody's behalf, e.g. a cleanup). */
  actor: Actor | null;
  action: string;
  resource?: string | null;
  batchId?: string | null;
  details?: Record<string, unknown>;
};

/** Appends an audit row; pass the transaction's client so the entry commits with the action. */
export async function audit(entry: AuditEntry, client: pg.PoolClient | pg.Pool = pool()): Promise<void> {
  const a = entry.actor;
  await client.query(
    `INSERT INTO audit_logs (actor_id, actor_email, actor_kind, actor_via, action, resource, batch_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [a?.id ?? null, a?.email ?? null, a?.kind ?? "system", a ? actorVia(a) : null, entry.action, entry.resource ?? null, entry.batchId ?? null, JSON.stringify(entry.details ?? {})],
  );
}
