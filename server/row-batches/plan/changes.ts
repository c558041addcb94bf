import { AppError } from "../../errors";
import { getField, getWritableField } from "../../resources/registry";
import type { FieldDef, ResourceDef } from "../../resources/types";
import { coerceValue } from "../../resources/values";
import { ident, type Params } from "../../sql/params";
import type { FieldChange } from "../../contracts/batch";

/** A field the operation writes, with the SQL computing its after-value from the current row `t`. */
export type Touched = { field: FieldDef; expr: string };

function expectKind(field: FieldDef, ok: boolean, what: string) {
  if (!ok) throw new AppError("BAD_REQUEST", `${field.label}: ${what}.`, { field: field.name, code: "FIELD_TYPE_MISMATCH" });
}

const NUMERIC = new Set(["int4", "int8", "numeric"]);

/** Builds after-value SQL for a list of field changes; later changes to one field wrap earlier ones. */
export function compileChanges(res: ResourceDef, changes: FieldChange[], params: Params): Touched[] {
  const exprs = new Map<string, Touched>();
  for (const change of changes) {
    const field = getWritableField(res, change.field);
    const prev = exprs.get(field.name)?.expr ?? `t.${ident(field.column)}`;
    let expr: string;
    switch (change.op) {
      case "set": {
        const coerced = coerceValue(field, change.value);
        if (!coerced.ok) throw new AppError("BAD_REQUEST", coerced.message, { field: field.name, code: "FIELD_TYPE_MISMATCH" });
        expr = params.add(coerced.value, field.pg);
        break;
      }
      case "clear":
        // A NOT NULL text column is cleared to "", not null (other NOT NULL types are refused by the checks).
        expr = field.pg === "text[]" ? "'{}'::text[]" : field.pg === "text" && field.notNull ? "''::text" : `NULL::${field.pg}`;
        break;
      case "increment":
      case "decrement":
      case "multiply": {
        expectKind(field, NUMERIC.has(field.pg), `${change.op} needs a number field`);
        if (field.pg !== "numeric") expectKind(field, change.op === "multiply" || Number.isInteger(change.by), "this field takes whole numbers");
        const by = params.add(String(change.by), "numeric");
        // Computed as numeric so an out-of-range result is reported per row, not a failed statement.
        const base = `coalesce(${prev}, 0)::numeric`;
        const raw = change.op === "increment" ? `${base} + ${by}` : change.op === "decrement" ? `${base} - ${by}` : `${base} * ${by}`;
        expr = `round(${raw}, ${field.pg === "numeric" ? (field.scale ?? 2) : 0})`;
        break;
      }
      case "addOption":
      case "removeOption": {
        expectKind(field, field.pg === "text[]", `${change.op === "addOption" ? "adding" : "removing"} an option needs a multi-select field`);
        const v = params.add(change.value, "text");
        expr =
          change.op === "addOption"
            ? `(CASE WHEN ${v} = ANY(coalesce(${prev}, '{}')) THEN coalesce(${prev}, '{}') ELSE coalesce(${prev}, '{}') || ${v} END)`
            : `array_remove(coalesce(${prev}, '{}'), ${v})`;
        break;
      }
      case "replace": {
        expectKind(field, field.pg === "text", "find & replace needs a text field");
        expr = `replace(${prev}, ${params.add(change.find, "text")}, ${params.add(change.replaceWith, "text")})`;
        break;
      }
    }
    exprs.set(field.name, { field, expr });
  }
  return [...exprs.values()];
}

/** A constant after-value for a lifecycle column, kept when the row already has one. */
function keepOr(res: ResourceDef, name: string, value: string): Touched {
  const field = getField(res, name);
  return { field, expr: `coalesce(t.${ident(field.column)}, ${value})` };
}

/** Soft delete: stamps deleted-at and reason unless the row is deleted already. */
export function softDeleteChanges(res: ResourceDef, reason: string, now: Date, params: Params): Touched[] {
  if (!res.softDelete) throw new AppError("BAD_REQUEST", `${res.label} cannot be soft-deleted.`);
  const at = getField(res, res.softDelete.at);
  const atCol = `t.${ident(at.column)}`;
  const reasonField = getField(res, res.softDelete.reason);
  return [
    keepOr(res, at.name, params.add(now, "timestamptz")),
    { field: reasonField, expr: `CASE WHEN ${atCol} IS NULL THEN ${params.add(reason, "text")} ELSE t.${ident(reasonField.column)} END` },
  ];
}

/** Archive: stamps archived-at, reason and location unless the row is archived already. */
export function archiveChanges(res: ResourceDef, reason: string, location: string | undefined, now: Date, params: Params): Touched[] {
  if (!res.archive) throw new AppError("BAD_REQUEST", `${res.label} cannot be archived.`);
  const at = getField(res, res.archive.at);
  const atCol = `t.${ident(at.column)}`;
  const unlessArchived = (f: FieldDef, v: string): Touched => ({
    field: f,
    expr: `CASE WHEN ${atCol} IS NULL THEN ${v} ELSE t.${ident(f.column)} END`,
  });
  const out = [keepOr(res, at.name, params.add(now, "timestamptz")), unlessArchived(getField(res, res.archive.reason), params.add(reason, "text"))];
  if (res.archive.location) out.push(unlessArchived(getField(res, res.archive.location), params.add(location ?? null, "text")));
  return out;
}

/** Restore: clears soft-delete and archive columns. */
export function restoreChanges(res: ResourceDef): Touched[] {
  const names = [res.softDelete?.at, res.softDelete?.reason, res.archive?.at, res.archive?.reason, res.archive?.location];
  const fields = names.filter((n): n is string => Boolean(n)).map((n) => getField(res, n));
  if (fields.length === 0) throw new AppError("BAD_REQUEST", `${res.label} have nothing to restore.`);
  return fields.map((field) => ({ field, expr: `NULL::${field.pg}` }));
}
