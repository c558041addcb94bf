import type pg from "pg";
import type { Role } from "./auth/roles";
import { setting } from "./config";
import { AppError } from "./errors";

/**
 * The allowance a new batch spends: row batches (retries and reverts included) and media fetches
 * spend "batches"; exports have their own, so a day of exports never blocks an edit.
 */
export type Bucket = "batches" | "exports";

export type Limits = { maxRows: number; perHour: number };

const ROLE_SUFFIX = { admin: "ADMIN", operator: "OPERATOR", viewer: "VIEWER" } as const satisfies Record<Role, Uppercase<Role>>;

const BUCKETS = {
  batches: {
    maxRows: "BATCH_MAX_ROWS",
    perHour: "BATCHES_PER_HOUR",
    tooLarge: (rows: string) => `This batch would touch ${rows} rows`,
    lock: "batch-rate:",
    counted: `kind <> 'export'`,
  },
  exports: {
    maxRows: "EXPORT_MAX_ROWS",
    perHour: "EXPORTS_PER_HOUR",
    tooLarge: (rows: string) => `This export would have ${rows} rows`,
    lock: "export-rate:",
    counted: `kind = 'export'`,
  },
} as const;

const count = (n: number) => n.toLocaleString("en");

// A limit of 0 shuts the bucket for the role; "narrow the selection" or "try again later" would mislead.
const shut = (role: Role, bucket: Bucket, which: string) =>
  `${role[0]!.toUpperCase()}${role.slice(1)}s may not start ${bucket} (their ${which} limit is 0).`;

/** The role's limits for one bucket, from BATCH_MAX_ROWS_<ROLE> and the like (see server/config.ts). */
export function limitsFor(role: Role, bucket: Bucket): Limits {
  const b = BUCKETS[bucket];
  return { maxRows: setting(`${b.maxRows}_${ROLE_SUFFIX[role]}`), perHour: setting(`${b.perHour}_${ROLE_SUFFIX[role]}`) };
}

/** Refuses a batch or export of more rows than the role may take at once. */
export function checkSize(role: Role, bucket: Bucket, rows: number): void {
  const { maxRows } = limitsFor(role, bucket);
  if (rows > maxRows) {
    const message = maxRows === 0 ? shut(role, bucket, "row") : `${BUCKETS[bucket].tooLarge(count(rows))}; the limit for ${role}s is ${count(maxRows)}. Narrow the selection.`;
    throw new AppError("BAD_REQUEST", message, { code: "ROW_LIMIT_EXCEEDED", rows, limit: maxRows });
  }
}

/**
 * Refuses a new batch or export once the user has started the role's hourly allowance. Call inside
 * the transaction that inserts the batch: the per-user lock makes concurrent requests count one another.
 */
export async function checkRate(client: pg.PoolClient, userId: string, role: Role, bucket: Bucket): Promise<void> {
  const { perHour } = limitsFor(role, bucket);
  const b = BUCKETS[bucket];
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('${b.lock}' || $1))`, [userId]);
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM batches WHERE created_by_id = $1 AND created_at > now() - interval '1 hour' AND ${b.counted}`,
    [userId],
  );
  if (rows[0]!.n >= perHour) {
    const message = perHour === 0 ? shut(role, bucket, "hourly") : `You have started ${perHour} ${bucket} in the last hour, the limit for ${role}s. Try again later.`;
    throw new AppError("TOO_MANY_REQUESTS", message, { code: "RATE_LIMITED" });
  }
}
