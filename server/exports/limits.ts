import type pg from "pg";
import type { Role } from "../auth/roles";
import { AppError } from "../errors";
import { XLSX_MAX_ROWS, xlsxTooLong } from "./formats/xlsx-writer";
import type { ExportFormat } from "../contracts/exports";

type Limits = { maxRows: number; perHour: number };

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/** Per-role export limits; override with EXPORT_MAX_ROWS_<ROLE> and EXPORTS_PER_HOUR_<ROLE>. */
export function exportLimitsFor(role: Role): Limits {
  const defaults: Record<Role, Limits> = {
    admin: { maxRows: 5_000_000, perHour: 120 },
    operator: { maxRows: 1_000_000, perHour: 30 },
    viewer: { maxRows: 200_000, perHour: 10 },
  };
  const R = role.toUpperCase();
  return { maxRows: num(`EXPORT_MAX_ROWS_${R}`, defaults[role].maxRows), perHour: num(`EXPORTS_PER_HOUR_${R}`, defaults[role].perHour) };
}

/** Refuses an export of more rows than the role may take at once, or of none. */
export function checkExportRows(role: Role, rows: number, format: ExportFormat): void {
  if (rows === 0) throw new AppError("BAD_REQUEST", "Nothing to export: no rows match this selection.", { code: "EMPTY_SELECTION" });
  if (format === "xlsx" && rows > XLSX_MAX_ROWS) throw xlsxTooLong(rows);
  const { maxRows } = exportLimitsFor(role);
  if (rows > maxRows) {
    throw new AppError(
      "BAD_REQUEST",
      `This export would have ${rows.toLocaleString("en")} rows; the limit for ${role}s is ${maxRows.toLocaleString("en")}. Narrow the selection.`,
      { code: "ROW_LIMIT_EXCEEDED", rows, limit: maxRows },
    );
  }
}

/** Refuses a new export once the user has started the role's hourly allowance. */
export async function checkExportRate(client: pg.PoolClient, userId: string, role: Role): Promise<void> {
  const { perHour } = exportLimitsFor(role);
  // Per-user lock, as for batches: concurrent requests wait and count one another.
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('export-rate:' || $1))`, [userId]);
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM batches WHERE created_by_id = $1 AND operation->>'type' = 'export' AND created_at > now() - interval '1 hour'`,
    [userId],
  );
  if (rows[0]!.n >= perHour) {
    throw new AppError("TOO_MANY_REQUESTS", `You have started ${perHour} exports in the last hour, the limit for ${role}s. Try again later.`, {
      code: "RATE_LIMITED",
    });
  }
}

