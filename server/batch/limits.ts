import type pg from "pg";
import type { Role } from "../auth/roles";
import { AppError } from "../errors";

type Limits = { maxRows: number; perHour: number };

// Unset or blank keeps the default; 0 is a real limit (no batches), not "unset".
const num = (name: string, fallback: number) => {
  const raw = process.env[name]?.trim();
  const v = raw ? Number(raw) : NaN;
  return Number.isFinite(v) && v >= 0 ? v : fallback;
};

/** Per-role limits; override with BATCH_MAX_ROWS_<ROLE> and BATCHES_PER_HOUR_<ROLE>. */
export function limitsFor(role: Role): Limits {
  const defaults: Record<Role, Limits> = {
    admin: { maxRows: 1_000_000, perHour: 500 },
    operator: { maxRows: 50_000, perHour: 60 },
    viewer: { maxRows: 0, perHour: 0 },
  };
  const R = role.toUpperCase();
  return { maxRows: num(`BATCH_MAX_ROWS_${R}`, defaults[role].maxRows), perHour: num(`BATCHES_PER_HOUR_${R}`, defaults[role].perHour) };
}

/** Refuses a batch over the role's row limit. */
export function checkRowLimit(role: Role, rows: number): void {
  const { maxRows } = limitsFor(role);
  if (rows > maxRows) {
    throw new AppError(
      "BAD_REQUEST",
      `This batch would touch ${rows.toLocaleString("en")} rows; the limit for ${role}s is ${maxRows.toLocaleString("en")}. Narrow the selection.`,
      { code: "ROW_LIMIT_EXCEEDED", rows, limit: maxRows },
    );
  }
}

/**
 * Refuses a new batch when the user already started the role's hourly allowance. Call inside the
 * transaction that inserts the batch: the per-user lock makes concurrent requests count one another.
 */
export async function checkHourlyLimit(client: pg.PoolClient, userId: string, role: Role): Promise<void> {
  const { perHour } = limitsFor(role);
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('batch-rate:' || $1))`, [userId]);
  const { rows } = await client.query<{ n: number }>(
    // Exports have their own hourly allowance (server/exports/limits.ts); they do not use this one up.
    `SELECT count(*)::int AS n FROM batches WHERE created_by_id = $1 AND created_at > now() - interval '1 hour' AND operation->>'type' IS DISTINCT FROM 'export'`,
    [userId],
  );
  if (rows[0]!.n >= perHour) {
    throw new AppError("TOO_MANY_REQUESTS", `You have started ${perHour} batches in the last hour, the limit for ${role}s. Try again later.`, {
      code: "RATE_LIMITED",
    });
  }
}
