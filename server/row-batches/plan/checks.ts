import { ident } from "../../sql/params";
import type { FieldDef, ResourceDef } from "../../resources/types";
import { after, before } from "./json-values";

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A per-row error as SQL: `{code, field, message}`. Messages come from the registry, never from input. */
export function rowError(code: string, field: FieldDef | null, message: string): string {
  return `jsonb_build_object('code', ${lit(code)}, 'field', ${field ? lit(field.name) : "NULL"}, 'message', ${lit(message)})`;
}

const when = (cond: string, error: string) => `CASE WHEN ${cond} THEN ${error} END`;

/** Constraint checks on a touched field's after-value (only where the value changes or the row is new). */
export function fieldChecks(res: ResourceDef, f: FieldDef): string[] {
  const a = after(f);
  const changing = `(action = 'create' OR ${a} IS DISTINCT FROM ${before(f)})`;
  const checks: string[] = [];
  const add = (cond: string, message: string) => checks.push(when(`${changing} AND (${cond})`, rowError("CONSTRAINT_VIOLATION", f, message)));

  if (f.required) add(f.pg === "text" ? `${a} IS NULL OR btrim(${a}) = ''` : `${a} IS NULL`, `${f.label} is required.`);
  else if (f.notNull) add(`${a} IS NULL`, `${f.label} needs a value.`);
  if (f.pg === "int4" || f.pg === "int8" || f.pg === "numeric") {
    const min = f.min ?? (f.pg === "int4" ? -2147483648 : undefined);
    const max = f.max ?? (f.pg === "int4" ? 2147483647 : undefined);
    if (min !== undefined) add(`${a} < ${min}`, `${f.label} must be at least ${min}.`);
    if (max !== undefined) add(`${a} > ${max}`, `${f.label} must be at most ${max}.`);
  }
  if (f.pg === "text" && f.max !== undefined) add(`char_length(${a}) > ${f.max}`, `${f.label} must be at most ${f.max} characters.`);
  if (f.pattern) add(`${a} !~ ${lit(f.pattern)}`, `${f.label} must be ${f.patternHint ?? `in the format ${f.pattern}`}.`);
  if (f.options && f.pg === "text") add(`NOT (${a} = ANY(ARRAY[${f.options.map(lit).join(",")}]))`, `${f.label} must be one of: ${f.options.join(", ")}.`);
  if (f.options && f.pg === "text[]") add(`NOT (${a} <@ ARRAY[${f.options.map(lit).join(",")}])`, `${f.label} may only contain: ${f.options.join(", ")}.`);
  if (f.type === "user") add(`NOT EXISTS (SELECT 1 FROM users u WHERE u.id = ${a})`, `${f.label} must be an existing user.`);
  if (f.unique) {
    add(
      `${a} IS NOT NULL AND (count(*) OVER (PARTITION BY ${a}) > 1 OR EXISTS (SELECT 1 FROM ${ident(res.table)} x WHERE x.${ident(f.column)} = ${a} AND x.id IS DISTINCT FROM row_id))`,
      `${f.label} must be unique; another row already has this value.`,
    );
  }
  return checks;
}

/** For new rows of a resource with a composite natural key: the key must not exist yet. */
export function naturalKeyCheck(res: ResourceDef, keyFields: FieldDef[]): string | null {
  if (keyFields.length < 2) return null;
  const partition = keyFields.map(after).join(", ");
  const match = keyFields.map((f) => `x.${ident(f.column)} = ${after(f)}`).join(" AND ");
  const label = keyFields.map((f) => f.label).join(" + ");
  return when(
    `action = 'create' AND (count(*) OVER (PARTITION BY ${partition}) > 1 OR EXISTS (SELECT 1 FROM ${ident(res.table)} x WHERE ${match}))`,
    rowError("CONSTRAINT_VIOLATION", null, `${label} must be unique; a row with this key already exists.`),
  );
}

/** Operators may act only on rows they own, and may not give rows to someone else. */
export function ownershipChecks(ownerField: FieldDef, actorParam: string, ownerTouched: boolean): string[] {
  const checks = [
    when(
      `action <> 'create' AND owner IS DISTINCT FROM ${actorParam}`,
      rowError("PERMISSION_DENIED", null, "You can only change rows you own."),
    ),
  ];
  if (ownerTouched) {
    checks.push(
      when(`${after(ownerField)} IS DISTINCT FROM ${actorParam}`, rowError("PERMISSION_DENIED", ownerField, "You can only assign rows to yourself.")),
    );
  }
  return checks;
}

/** A status change is allowed only from the states that list the target as a next state. */
export function transitionCheck(statusField: FieldDef, to: string, allowedFrom: string[]): string {
  const from = allowedFrom.length ? `ARRAY[${allowedFrom.map(lit).join(",")}]::text[]` : "'{}'::text[]";
  return when(
    `${before(statusField)} IS DISTINCT FROM ${after(statusField)} AND NOT (coalesce(${before(statusField)}, '') = ANY(${from}))`,
    `jsonb_build_object('code', 'INVALID_TRANSITION', 'field', ${lit(statusField.name)}, 'message',
       'Cannot change ' || ${lit(statusField.label.toLowerCase())} || ' from ' || coalesce(${before(statusField)}, 'empty') || ' to ' || ${lit(to)} || '.')`,
  );
}

/**
 * Any other write of the status (an update, per-row values, an upsert's update) follows the same
 * transitions as a status change; only a status change can force past them (and only for admins).
 */
export function transitionsCheck(statusField: FieldDef, transitions: Record<string, readonly string[]>): string {
  const pairs = Object.entries(transitions).flatMap(([from, next]) => next.map((to) => lit(`${from}>${to}`)));
  const allowed = pairs.length ? `ARRAY[${pairs.join(",")}]::text[]` : "'{}'::text[]";
  const [b, a] = [before(statusField), after(statusField)];
  return when(
    `action <> 'create' AND ${b} IS DISTINCT FROM ${a} AND NOT (coalesce(${b}, '') || '>' || coalesce(${a}, '') = ANY(${allowed}))`,
    `jsonb_build_object('code', 'INVALID_TRANSITION', 'field', ${lit(statusField.name)}, 'message',
       'Cannot change ' || ${lit(statusField.label.toLowerCase())} || ' from ' || coalesce(${b}, 'empty') || ' to ' || coalesce(${a}, 'empty') || '.')`,
  );
}
