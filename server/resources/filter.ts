import type { z } from "zod";
import { rowSelectionSchema, type Condition, type FilterGroup, type Scope } from "../contracts/filter";
import type { SelectionTarget } from "../contracts/targets";
import { assertMayRead } from "../auth/policy";
import { AppError } from "../errors";
import { ident, type Params } from "../sql/params";
import { getField } from "./registry";
import type { FieldDef, ResourceDef } from "./types";
import { coerceValue } from "./values";

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A comparison's value, checked and bound. No value is refused rather than compared: "= NULL" would
 * silently match nothing, and "is empty" / "is not empty" say what is meant.
 */
function checkedValue(field: FieldDef, op: string, raw: unknown): unknown {
  const coerced = coerceValue(field, raw);
  if (!coerced.ok) throw new AppError("BAD_REQUEST", `Filter on ${field.label}: ${coerced.message}`, { field: field.name });
  if (coerced.value === null) {
    throw new AppError("BAD_REQUEST", `Filter on ${field.label}: "${op}" needs a value; use "is empty" to find rows without one.`, { field: field.name });
  }
  return coerced.value;
}

function bindValue(field: FieldDef, op: string, raw: unknown, params: Params): string {
  return params.add(checkedValue(field, op, raw), field.pg);
}

function compileCondition(res: ResourceDef, c: Condition, params: Params, alias: string, hidden: ReadonlySet<string>): string {
  const field = getField(res, c.field);
  assertMayRead(field, hidden, "filter");
  const col = `${alias}.${ident(field.column)}`;
  const isArray = field.pg === "text[]";
  switch (c.op) {
    case "isNull":
      return isArray ? `(${col} IS NULL OR cardinality(${col}) = 0)` : `${col} IS NULL`;
    case "isNotNull":
      return isArray ? `cardinality(${col}) > 0` : `${col} IS NOT NULL`;
    case "eq":
    case "neq": {
      const op = c.op === "eq" ? "=" : "IS DISTINCT FROM";
      // coalesce: a row with no list at all (NULL) does not contain the value either.
      if (isArray) return `${c.op === "neq" ? "NOT " : ""}(coalesce(${col}, '{}') @> ARRAY[${params.add(String(c.value))}]::text[])`;
      return `${col} ${op} ${bindValue(field, c.op, c.value, params)}`;
    }
    case "lt":
    case "lte":
    case "gt":
    case "gte": {
      const op = { lt: "<", lte: "<=", gt: ">", gte: ">=" }[c.op];
      return `${col} ${op} ${bindValue(field, c.op, c.value, params)}`;
    }
    case "between": {
      if (!Array.isArray(c.value) || c.value.length !== 2) {
        throw new AppError("BAD_REQUEST", `Filter on ${field.label}: "between" needs two values.`, { field: field.name });
      }
      return `${col} BETWEEN ${bindValue(field, c.op, c.value[0], params)} AND ${bindValue(field, c.op, c.value[1], params)}`;
    }
    case "in": {
      if (!Array.isArray(c.value) || c.value.length === 0 || c.value.length > 10_000) {
        throw new AppError("BAD_REQUEST", `Filter on ${field.label}: "in" needs a list of 1 to 10,000 values.`, { field: field.name });
      }
      if (isArray) return `${col} && ${params.add(c.value.map(String), "text[]")}`;
      const values = c.value.map((v) => checkedValue(field, c.op, v));
      return `${col} = ANY(${params.add(values, `${field.pg}[]`)})`;
    }
    case "contains":
    case "startsWith": {
      if (isArray) return `${col} @> ARRAY[${params.add(String(c.value))}]::text[]`;
      if (typeof c.value !== "string") throw new AppError("BAD_REQUEST", `Filter on ${field.label}: "${c.op}" needs text.`, { field: field.name });
      const pattern = c.op === "contains" ? `%${escapeLike(c.value)}%` : `${escapeLike(c.value)}%`;
      return `${col}::text ILIKE ${params.add(pattern)}`;
    }
  }
}

function compileGroup(res: ResourceDef, g: FilterGroup, params: Params, alias: string, hidden: ReadonlySet<string>): string {
  if (g.conditions.length === 0) return "TRUE";
  const parts = g.conditions.map((c) =>
    "combinator" in c ? `(${compileGroup(res, c, params, alias, hidden)})` : compileCondition(res, c, params, alias, hidden),
  );
  return parts.join(g.combinator === "and" ? " AND " : " OR ");
}

function scopeSql(res: ResourceDef, scope: Scope, alias: string): string {
  const deleted = res.softDelete ? `${alias}.${ident(getField(res, res.softDelete.at).column)}` : null;
  const archived = res.archive ? `${alias}.${ident(getField(res, res.archive.at).column)}` : null;
  switch (scope) {
    case "all":
      return "TRUE";
    case "deleted":
      return deleted ? `${deleted} IS NOT NULL` : "FALSE";
    case "archived":
      return archived ? `${archived} IS NOT NULL${deleted ? ` AND ${deleted} IS NULL` : ""}` : "FALSE";
    case "active":
      return [deleted && `${deleted} IS NULL`, archived && `${archived} IS NULL`].filter(Boolean).join(" AND ") || "TRUE";
  }
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The SQL predicate (over `alias`) for a selection; values bound into `params`. `hidden`: fields the
 * reader may not read (policy.hiddenFields) — filtering on one is refused, searching skips them.
 */
export function selectionWhere(res: ResourceDef, sel: z.output<typeof rowSelectionSchema>, params: Params, alias = "t", hidden: ReadonlySet<string> = NONE): string {
  const parts = [scopeSql(res, sel.scope, alias)];
  if (sel.filter) parts.push(`(${compileGroup(res, sel.filter, params, alias, hidden)})`);
  const q = sel.q?.trim();
  if (q) {
    // A quick search looks only where the reader may: matching a hidden field would reveal it.
    const searchable = res.fields.filter((f) => f.searchable && !hidden.has(f.name));
    const p = params.add(`%${escapeLike(q)}%`);
    // Digits also match the id, when they fit the id column (int4).
    const numeric = /^\d{1,10}$/.test(q) && Number(q) <= 2147483647 ? [`${alias}.id = ${params.add(Number(q), "int4")}`] : [];
    parts.push(`(${[...searchable.map((f) => `${alias}.${ident(f.column)} ILIKE ${p}`), ...numeric].join(" OR ") || "FALSE"})`);
  }
  return parts.join(" AND ");
}

/** The SQL predicate for picked ids, or for a filter less the rows unticked after "select all". */
export function targetWhere(res: ResourceDef, target: SelectionTarget, params: Params, alias = "t", hidden: ReadonlySet<string> = NONE): string {
  if (target.kind === "ids") return `${alias}.id = ANY(${params.add([...new Set(target.ids)], "int4[]")})`;
  let where = selectionWhere(res, rowSelectionSchema.parse(target.selection), params, alias, hidden);
  if (target.excludeIds.length) where += ` AND NOT (${alias}.id = ANY(${params.add(target.excludeIds, "int4[]")}))`;
  return where;
}
