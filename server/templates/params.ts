import { z } from "zod";
import { batchInputSchema, type BatchInput } from "../contracts/batch";
import type { TemplateDefinition, TemplateParameter } from "../contracts/templates";
import { AppError } from "../errors";

// Parameters of a template run: each value checked and converted by its parameter's type, then put
// where the stored batch says `${name}`. A value that is exactly one placeholder takes the
// parameter's type (a number stays a number); a placeholder inside other text is written into it.
// An optional parameter given no value and having no default leaves out the filter condition or
// the change it appears in, so "crop_type if given" needs no second template.

export type ParamValue = string | number | boolean;
type FieldErrors = Record<string, string[]>;

const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const ANY = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** A date as given if it is a real one (ISO 8601: a day, or a day and a time). */
function dateOf(raw: string): string | null {
  if (!DATE.test(raw)) return null;
  const day = raw.slice(0, 10);
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day && !Number.isNaN(new Date(raw).getTime()) ? raw : null;
}

/** One value by its parameter's type; text from a form or a query string converts. Null: not valid (`problem` says why). */
export function coerceParam(p: TemplateParameter, raw: unknown): { ok: true; value: ParamValue } | { ok: false; message: string } {
  switch (p.type) {
    case "number": {
      const n = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: `${p.name} takes a number.` };
    }
    case "boolean":
      if (typeof raw === "boolean") return { ok: true, value: raw };
      if (raw === "true" || raw === "false") return { ok: true, value: raw === "true" };
      return { ok: false, message: `${p.name} takes true or false.` };
    case "date": {
      const d = typeof raw === "string" ? dateOf(raw.trim()) : null;
      return d ? { ok: true, value: d } : { ok: false, message: `${p.name} takes a date such as 2025-01-19.` };
    }
    case "enum":
    case "string": {
      if (typeof raw !== "string") return { ok: false, message: `${p.name} takes text.` };
      if (p.enum && !p.enum.includes(raw)) return { ok: false, message: `${p.name} is one of ${p.enum.join(", ")} (got "${raw}").` };
      return { ok: true, value: raw };
    }
  }
}

/**
 * The run's values by parameter, defaults filled in; every problem at once as field errors
 * (`params.<name>`), before anything is planned.
 */
export function resolveParams(defs: TemplateParameter[], given: Record<string, unknown>): Map<string, ParamValue> {
  const fields: FieldErrors = {};
  const out = new Map<string, ParamValue>();
  for (const name of Object.keys(given)) {
    if (!defs.some((d) => d.name === name)) fields[`params.${name}`] = [`This template has no parameter "${name}". Parameters: ${defs.map((d) => d.name).join(", ") || "none"}.`];
  }
  for (const d of defs) {
    const raw = given[d.name];
    const missing = raw === undefined || raw === null || raw === "";
    if (missing) {
      if (d.default !== undefined) out.set(d.name, coerceOrThrow(d, d.default));
      else if (d.required) fields[`params.${d.name}`] = [`${d.name} is required${d.description ? ` (${d.description})` : ""}.`];
      continue;
    }
    const c = coerceParam(d, raw);
    if (c.ok) out.set(d.name, c.value);
    else fields[`params.${d.name}`] = [c.message];
  }
  if (Object.keys(fields).length) {
    const [first] = Object.entries(fields);
    throw new AppError("BAD_REQUEST", `${first![0]}: ${first![1][0]}`, { fields, formErrors: [] });
  }
  return out;
}

/** A default that its own type refuses is the template's fault, found when it is saved (checkTemplate). */
function coerceOrThrow(d: TemplateParameter, v: unknown): ParamValue {
  const c = coerceParam(d, v);
  if (!c.ok) throw new AppError("BAD_REQUEST", `parameters: the default of ${d.name} is not valid: ${c.message}`);
  return c.value;
}

const OMIT = Symbol("omit");

/** Puts the values in; OMIT where an optional parameter without a value makes an element go. */
function substitute(value: unknown, values: Map<string, ParamValue>, known: Set<string>): unknown {
  if (typeof value === "string") {
    const whole = WHOLE.exec(value);
    if (whole && known.has(whole[1]!)) return values.has(whole[1]!) ? values.get(whole[1]!) : OMIT;
    let omitted = false;
    const out = value.replace(ANY, (m, name: string) => {
      if (!known.has(name)) return m;
      if (!values.has(name)) omitted = true;
      return String(values.get(name) ?? "");
    });
    return omitted ? OMIT : out;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, values, known)).filter((v) => v !== OMIT);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const s = substitute(v, values, known);
      if (s === OMIT) return OMIT;
      out[k] = s;
    }
    return out;
  }
  return value;
}

/** The placeholders a stored value refers to. */
export function placeholdersIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === "string") for (const m of value.matchAll(ANY)) into.add(m[1]!);
  else if (Array.isArray(value)) value.forEach((v) => placeholdersIn(v, into));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => placeholdersIn(v, into));
  return into;
}

/** The issues of a batch input's schema as field errors under `at` (`operation.changes.0.by`). */
function schemaErrors(error: z.ZodError, at: (path: string) => string): AppError {
  const fields: FieldErrors = {};
  for (const i of error.issues) (fields[at(i.path.join("."))] ??= []).push(i.message);
  const [first] = Object.entries(fields);
  return new AppError("BAD_REQUEST", `${first![0]}: ${first![1][0]}`, { fields, formErrors: [] });
}

/**
 * The normal batch input a run makes: the stored target and operation with the values put in, and
 * the run's ids for a target given at run time. A result the engine's schema refuses (a placeholder
 * that made a number field text) is a field error of the parameter, as far as it can be told.
 */
export function batchInputOf(t: TemplateDefinition, values: Map<string, ParamValue>, ids?: number[]): BatchInput {
  const known = new Set(t.parameters.map((p) => p.name));
  if (t.target.kind === "idsAtRun" && !ids?.length) throw new AppError("BAD_REQUEST", "ids: this template acts on rows given at run time; list their ids.", { fields: { ids: ["Give the ids of the rows to act on."] }, formErrors: [] });
  if (t.target.kind !== "idsAtRun" && ids?.length) throw new AppError("BAD_REQUEST", "ids: this template selects its own rows; leave ids out.", { fields: { ids: ["This template selects its own rows."] }, formErrors: [] });
  const target = t.target.kind === "idsAtRun" ? { kind: "ids" as const, ids: ids! } : substitute(t.target, values, known);
  const operation = substitute(t.operation, values, known);
  if (operation === OMIT || target === OMIT) {
    const missing = [...placeholdersIn(operation === OMIT ? t.operation : t.target)].filter((n) => known.has(n) && !values.has(n));
    const fields = Object.fromEntries(missing.map((n) => [`params.${n}`, [`${n} is needed by this template's ${operation === OMIT ? "operation" : "target"}.`]]));
    throw new AppError("BAD_REQUEST", `params.${missing[0]}: needed by this template.`, { fields, formErrors: [] });
  }
  const parsed = batchInputSchema.safeParse({ resource: t.resource, target, operation, options: t.options });
  if (!parsed.success) {
    throw schemaErrors(parsed.error, (path) => {
      // Blame the parameter whose placeholder sits at that path, if one does.
      const stored = path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), { target: t.target, operation: t.operation });
      const [name] = placeholdersIn(stored);
      return name ? `params.${name}` : path;
    });
  }
  return parsed.data;
}

/** A sample value of each type, for checking that a template can make a batch at all. */
const SAMPLE: Record<TemplateParameter["type"], ParamValue> = { string: "sample", number: 1, boolean: true, date: "2025-01-19", enum: "" };

/**
 * Refuses a template that could never make a batch: an unknown placeholder, a default its type
 * refuses, or a target/operation the engine's schema refuses with every parameter given.
 */
export function checkTemplate(t: TemplateDefinition): void {
  const fields: FieldErrors = {};
  const known = new Set(t.parameters.map((p) => p.name));
  for (const name of placeholdersIn({ target: t.target, operation: t.operation })) {
    if (!known.has(name)) (fields.parameters ??= []).push(`\${${name}} is used but not declared as a parameter.`);
  }
  for (const [i, p] of t.parameters.entries()) {
    if (p.default === undefined) continue;
    const c = coerceParam(p, p.default);
    if (!c.ok) fields[`parameters.${i}.default`] = [c.message];
  }
  if (Object.keys(fields).length) {
    const [first] = Object.entries(fields);
    throw new AppError("BAD_REQUEST", `${first![0]}: ${first![1][0]}`, { fields, formErrors: [] });
  }
  const values = new Map(t.parameters.map((p) => [p.name, p.default !== undefined ? coerceParam(p, p.default) : { ok: true as const, value: p.enum?.[0] ?? SAMPLE[p.type] }] as const).map(([n, c]) => [n, (c as { value: ParamValue }).value]));
  try {
    batchInputOf(t, values, t.target.kind === "idsAtRun" ? [1] : undefined);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    throw new AppError("BAD_REQUEST", `This template cannot make a batch: ${err.message}`, err.details);
  }
}
