import type pg from "pg";
import type { ExportTarget } from "../contracts/exports";
import { targetWhere } from "../resources/filter";
import type { ResourceDef } from "../resources/types";
import { ident, Params } from "../sql/params";

/** The rows of an export as a FROM clause exposing `t`, already ordered by id, and how many there are. */
export type ExportSource = { from: string; total: number };

/** How many rows an export of `target` would have now; `hidden`: fields its creator may not read. */
export async function countTarget(db: pg.Pool | pg.PoolClient, res: ResourceDef, target: ExportTarget, hidden: ReadonlySet<string>): Promise<number> {
  const params = new Params();
  const where = targetWhere(res, target, params, "t", hidden);
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(res.table)} t WHERE ${where}`, params.values);
  return rows[0]!.n;
}

/**
 * Resolves the target inside the export's (repeatable-read) transaction. COPY cannot take bound
 * parameters, and values from a filter are never spliced into SQL text: a selection with parameters
 * first collects its ids into a temporary table (bound normally), which the COPY then joins. A
 * selection without parameters is read directly.
 */
export async function prepareSource(client: pg.PoolClient, res: ResourceDef, target: ExportTarget, hidden: ReadonlySet<string>): Promise<ExportSource> {
  const params = new Params();
  const where = targetWhere(res, target, params, "t", hidden);
  const table = ident(res.table);
  if (params.values.length === 0) {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} t WHERE ${where}`);
    return { from: `${table} t WHERE ${where} ORDER BY t.id`, total: rows[0]!.n };
  }
  const created = await client.query(
    `CREATE TEMP TABLE export_ids ON COMMIT DROP AS SELECT t.id FROM ${table} t WHERE ${where}`,
    params.values,
  );
  const total = created.rowCount ?? 0;
  // Without statistics PostgreSQL guesses the temp table's size; a real count picks the right join.
  if (total > 10_000) await client.query("ANALYZE export_ids");
  return { from: `export_ids e JOIN ${table} t ON t.id = e.id ORDER BY t.id`, total };
}

/** Which of `ids` an export of them would hold now (the rest do not exist), for per-target answers. */
export async function presentIds(db: pg.Pool | pg.PoolClient, res: ResourceDef, ids: number[]): Promise<Set<number>> {
  const params = new Params();
  const where = targetWhere(res, { kind: "ids", ids }, params);
  const { rows } = await db.query<{ id: number }>(`SELECT t.id FROM ${ident(res.table)} t WHERE ${where}`, params.values);
  return new Set(rows.map((r) => r.id));
}
