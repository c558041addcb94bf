import type pg from "pg";
import { pool } from "../db";

export type AuditEntry = {
  actor: { id: string; email: string } | null;
  action: string;
  resource?: string | null;
  batchId?: string | null;
  details?: Record<string, unknown>;
};

/** Appends an audit row; pass the transaction's client so the entry commits with the action. */
export async function audit(entry: AuditEntry, client: pg.PoolClient | pg.Pool = pool()): Promise<void> {
  await client.query(
    `INSERT INTO audit_logs (actor_id, actor_email, action, resource, batch_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
    [entry.actor?.id ?? null, entry.actor?.email ?? null, entry.action, entry.resource ?? null, entry.batchId ?? null, JSON.stringify(entry.details ?? {})],
  );
}
