import type pg from "pg";
import { AppError } from "../errors";
import { pool } from "../db";
import type { Actor } from "../auth/actor";
import { parseRole } from "../auth/roles";

/**
 * Runs `fn` in a transaction holding the one lock every change of who is an enabled admin takes
 * (role changes, disabling, deleting). Under it the acting admin's role is read again, so an admin
 * demoted a moment ago by another admin cannot act on the strength of the role their request
 * started with; `fn` then counts the admins and changes a user before anyone else may count.
 * better-auth's endpoints `fn` calls write on their own connections, which this lock does not block
 * (a row lock would: they would wait on this transaction and it on them).
 */
export async function withAdminLock<T>(actor: Actor, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('batchdesk:admins'))`);
    const { rows } = await client.query<{ role: string }>(`SELECT role FROM users WHERE id = $1 AND NOT ${bannedNow()}`, [actor.id]);
    if (parseRole(rows[0]?.role) !== "admin") throw new AppError("FORBIDDEN", "Only admins manage users.");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** SQL: the user row (of table alias `t`) is disabled now; a ban whose end has passed no longer counts (policy.mayAct). */
export const bannedNow = (t = "users") => `(${t}.banned AND (${t}.ban_expires IS NULL OR ${t}.ban_expires > now()))`;

/** Enabled admins other than `exceptId`, counted inside withAdminLock. */
export async function otherActiveAdmins(client: pg.PoolClient, exceptId: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND id <> $1 AND NOT ${bannedNow()}`, [exceptId]);
  return rows[0]!.n;
}
