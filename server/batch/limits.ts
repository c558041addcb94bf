import type pg from "pg";
import type { Role } from "../auth/roles";
import { AppError } from "../errors";

type Limits = { maxRows: number; perHour: number };

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
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

/** Refuses a new batch when the user already started the role's hourly allowance. */
export async function checkHourlyLimit(client: pg.PoolClient, userId: string, role: Role): Promise<void> {
  const { perHour } = limitsFor(role);
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM batches WHERE created_by_id = $1 AND created_at > now() - interval '1 hour'`,
    [userId],
  );
  if (rows[0]!.n >= perHour) {
    throw new AppError("TOO_MANY_REQUESTS", `You have started ${perHour} batches in the last hour, the limit for ${role}s. Try again later.`, {
      code: "RATE_LIMITED",
    });
  }
}
