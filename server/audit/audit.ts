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

/** The INSERT of an audit row, for a transaction that is not a pg client's (see users/audited-change.ts). */
export function auditStatement(entry: AuditEntry): { sql: string; params: unknown[] } {
  const a = entry.actor;
  return {
    sql: `INSERT INTO audit_logs (actor_id, actor_email, actor_kind, actor_via, action, resource, batch_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7::uuid, $8::jsonb)`,
    params: [a?.id ?? null, a?.email ?? null, a?.kind ?? "system", a ? actorVia(a) : null, entry.action, entry.resource ?? null, entry.batchId ?? null, JSON.stringify(entry.details ?? {})],
  };
}

/** Appends an audit row; pass the transaction's client so the entry commits with the action. */
export async function audit(entry: AuditEntry, client: pg.PoolClient | pg.Pool = pool()): Promise<void> {
  const { sql, params } = auditStatement(entry);
  await client.query(sql, params);
}
