import { z } from "zod";
import { assertMayRead, hiddenFields } from "../auth/policy";
import type { Role } from "../auth/roles";
import { pool } from "../db";
import { AppError } from "../errors";
import { ident, Params } from "../sql/params";
import { rowSelectionSchema } from "../contracts/filter";
import { resourceQuerySchema } from "../contracts/queries";
import { selectionWhere } from "./filter";
import { getField, getResource } from "./registry";
import type { ResourceDef } from "./types";

export type ResourceRow = Record<string, unknown> & { id: number; ownerName: string | null };

/** SELECT list of every field (less `hidden` ones), aliased to API names. */
export function selectList(res: ResourceDef, alias = "t", hidden: ReadonlySet<string> = new Set()): string {
  return res.fields
    .filter((f) => !hidden.has(f.name))
    .map((f) => `${alias}.${ident(f.column)} AS ${ident(f.name)}`)
    .join(", ");
}

/**
 * One page of a resource's rows with the total count matching the selection, as `role` may read
 * them: fields it may not read are left out of the rows (resources.meta names them), and refused
 * in filters and sorts.
 */
export async function queryResource(role: Role, input: z.input<typeof resourceQuerySchema>) {
  const { resource, selection, sort, page, pageSize } = resourceQuerySchema.parse(input);
  const res = getResource(resource);
  const hidden = hiddenFields(res, role);
  const params = new Params();
  const where = selectionWhere(res, selection, params, "t", hidden);
  const sortSpec = sort ?? res.defaultSort;
  const sortField = getField(res, sortSpec.field);
  assertMayRead(sortField, hidden, "sort");
  if (sortField.pg === "text[]") throw new AppError("BAD_REQUEST", `Cannot sort by ${sortField.label}.`);
  // NULLS LAST only where NULLs can occur: on a NOT NULL column it changes nothing, yet it keeps a DESC
  // sort from walking the column's index (measured on 1M letters: id DESC 2 ms with it off, 430 ms on).
  const nullable = !(sortField.name === "id" || sortField.required || sortField.notNull);
  const dir = sortSpec.dir === "asc" ? "ASC" : "DESC";
  const order = `t.${ident(sortField.column)} ${dir}${nullable ? " NULLS LAST" : ""}, t.id ${dir}`;
  const limit = params.add(pageSize, "int4");
  const offset = params.add((page - 1) * pageSize, "int4");
  const client = pool();
  const [rows, count] = await Promise.all([
    client.query<ResourceRow>(
      `SELECT ${selectList(res, "t", hidden)}, u.name AS "ownerName" FROM ${ident(res.table)} t
       LEFT JOIN users u ON u.id = t.owner_id WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
      params.values,
    ),
    client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(res.table)} t WHERE ${where}`, params.values.slice(0, params.values.length - 2)),
  ]);
  return { rows: rows.rows, total: count.rows[0]!.n, page, pageSize };
}

/** The number of rows a selection matches (for "select all N matching"), less `excludeIds`. */
export async function countSelection(role: Role, res: ResourceDef, selection: z.input<typeof rowSelectionSchema>, excludeIds: number[] = []): Promise<number> {
  const params = new Params();
  let where = selectionWhere(res, rowSelectionSchema.parse(selection), params, "t", hiddenFields(res, role));
  if (excludeIds.length) where += ` AND NOT (t.id = ANY(${params.add(excludeIds, "int4[]")}))`;
  const { rows } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(res.table)} t WHERE ${where}`, params.values);
  return rows[0]!.n;
}
