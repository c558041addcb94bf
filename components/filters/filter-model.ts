import { z } from "zod";
import type { FieldMeta } from "@/components/resources/types";
import { conditionSchema, isGroup, MAX_FILTER_WIDTH, type Condition, type FilterGroup, type FilterOp } from "@/server/contracts/filter";

export { filterGroupSchema, isGroup, type Condition, type FilterGroup, type FilterOp } from "@/server/contracts/filter";

/** Per-column filters: one condition per field, all of which must hold. */
export const columnFiltersSchema = z.array(conditionSchema).max(MAX_FILTER_WIDTH);

type OpChoice = { op: FilterOp; label: string };

const TEXT: OpChoice[] = [
  { op: "contains", label: "contains" },
  { op: "eq", label: "is" },
  { op: "neq", label: "is not" },
  { op: "startsWith", label: "starts with" },
  { op: "isNull", label: "is empty" },
  { op: "isNotNull", label: "is not empty" },
];
const NUMBER: OpChoice[] = [
  { op: "eq", label: "=" },
  { op: "neq", label: "≠" },
  { op: "gt", label: ">" },
  { op: "gte", label: "≥" },
  { op: "lt", label: "<" },
  { op: "lte", label: "≤" },
  { op: "between", label: "between" },
  { op: "isNull", label: "is empty" },
  { op: "isNotNull", label: "is not empty" },
];
const DATE: OpChoice[] = [
  { op: "eq", label: "on" },
  { op: "lt", label: "before" },
  { op: "gt", label: "after" },
  { op: "between", label: "between" },
  { op: "isNull", label: "is empty" },
  { op: "isNotNull", label: "is not empty" },
];
const SELECT: OpChoice[] = [
  { op: "in", label: "is any of" },
  { op: "neq", label: "is not" },
  { op: "isNull", label: "is empty" },
  { op: "isNotNull", label: "is not empty" },
];
const MULTI: OpChoice[] = [
  { op: "contains", label: "has" },
  { op: "in", label: "has any of" },
  { op: "isNull", label: "has none" },
  { op: "isNotNull", label: "has some" },
];
const BOOLEAN: OpChoice[] = [{ op: "eq", label: "is" }];
const USER: OpChoice[] = [
  { op: "eq", label: "is" },
  { op: "neq", label: "is not" },
];

/** The operators that make sense for a field's type, with the words the UI shows for them. */
export function opsFor(field: FieldMeta): OpChoice[] {
  switch (field.type) {
    case "number":
    case "currency":
    case "percent":
    case "rating":
      return NUMBER;
    case "date":
    case "datetime":
      return DATE;
    case "select":
      return field.options ? SELECT : TEXT;
    case "multiSelect":
      return MULTI;
    case "boolean":
      return BOOLEAN;
    case "user":
      return USER;
    default:
      return TEXT;
  }
}

export const opLabel = (field: FieldMeta, op: FilterOp) => opsFor(field).find((o) => o.op === op)?.label ?? op;

export const needsValue = (op: FilterOp) => op !== "isNull" && op !== "isNotNull";

/** A new condition on `field` with its type's first operator and an empty value. */
export function blankCondition(field: FieldMeta): Condition {
  const op = opsFor(field)[0]!.op;
  if (field.type === "boolean") return { field: field.name, op, value: "true" };
  if (op === "in") return { field: field.name, op, value: [] };
  return { field: field.name, op, value: "" };
}

/** The value a condition keeps when its operator changes (a list for "in", a pair for "between"). */
export function reshapeValue(op: FilterOp, value: unknown): Condition["value"] {
  const first = Array.isArray(value) ? value[0] : value;
  const scalar = typeof first === "string" || typeof first === "number" ? first : "";
  if (!needsValue(op)) return undefined;
  if (op === "in") return Array.isArray(value) ? value : scalar === "" ? [] : [scalar];
  if (op === "between") return Array.isArray(value) ? [value[0] ?? "", value[1] ?? ""] : [scalar, ""];
  return scalar;
}

const filled = (v: unknown) => v !== undefined && v !== null && String(v).trim() !== "";

/** Why a condition cannot be applied yet (null when it is complete and valid). */
export function conditionProblem(field: FieldMeta | undefined, c: Condition): string | null {
  if (!field) return "Choose a field.";
  if (!needsValue(c.op)) return null;
  const v = c.value;
  if (c.op === "in") return Array.isArray(v) && v.length > 0 ? null : "Pick at least one value.";
  if (c.op === "between") {
    if (!Array.isArray(v) || !filled(v[0]) || !filled(v[1])) return "Enter both ends of the range.";
    if (isNumeric(field) && [v[0], v[1]].some((x) => !Number.isFinite(Number(x)))) return "Enter numbers.";
    if (isNumeric(field) && Number(v[0]) > Number(v[1])) return "The range starts above its end: swap the two values.";
    return [v[0], v[1]].map((x) => numberProblem(field, x)).find(Boolean) ?? null;
  }
  if (!filled(v)) return "Enter a value.";
  if (isNumeric(field) && !Number.isFinite(Number(v))) return "Enter a number.";
  return numberProblem(field, v);
}

const INT4_MAX = 2_147_483_647;

/** Whole-number columns hold at most ±2,147,483,647; a value past that could never match. */
function numberProblem(field: FieldMeta, v: unknown): string | null {
  if (field.pg !== "int4" || !isNumeric(field)) return null;
  const n = Number(v);
  if (!Number.isInteger(n)) return "Enter a whole number.";
  return Math.abs(n) > INT4_MAX ? `Enter a number between ${(-INT4_MAX).toLocaleString("en-US")} and ${INT4_MAX.toLocaleString("en-US")}.` : null;
}

export const isNumeric = (f: FieldMeta) => ["number", "currency", "percent", "rating"].includes(f.type);
const isDateTime = (f: FieldMeta) => f.type === "datetime";

/** Local midnight of a `YYYY-MM-DD` day (or of the next day), as an ISO instant for the server. */
function dayStart(day: string, plusDays = 0): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y!, (m ?? 1) - 1, (d ?? 1) + plusDays).toISOString();
}
function dayEnd(day: string): string {
  return new Date(new Date(dayStart(day, 1)).getTime() - 1).toISOString();
}

function toServerCondition(field: FieldMeta, c: Condition): Condition {
  const num = (v: unknown) => (isNumeric(field) ? Number(v) : v);
  if (!needsValue(c.op)) return { field: c.field, op: c.op };
  if (isDateTime(field) && typeof c.value === "string") {
    // Days typed in the browser mean the viewer's local days, not UTC ones.
    if (c.op === "eq") return { field: c.field, op: "between", value: [dayStart(c.value), dayEnd(c.value)] };
    if (c.op === "lt") return { field: c.field, op: "lt", value: dayStart(c.value) };
    if (c.op === "gt") return { field: c.field, op: "gt", value: dayEnd(c.value) };
  }
  if (isDateTime(field) && c.op === "between" && Array.isArray(c.value)) {
    return { field: c.field, op: "between", value: [dayStart(String(c.value[0])), dayEnd(String(c.value[1]))] };
  }
  if (Array.isArray(c.value)) return { field: c.field, op: c.op, value: c.value.map((v) => num(v) as string | number) };
  if (field.type === "boolean") return { field: c.field, op: c.op, value: c.value === true || c.value === "true" };
  return { field: c.field, op: c.op, value: num(c.value) as string | number };
}

/**
 * The filter as the server takes it: only complete conditions, numbers as numbers, local days as
 * instant ranges, empty groups dropped. Returns undefined when nothing is left.
 */
export function toServerFilter(group: FilterGroup, fields: Map<string, FieldMeta>): FilterGroup | undefined {
  const conditions: FilterGroup["conditions"] = [];
  for (const c of group.conditions) {
    if (isGroup(c)) {
      const g = toServerFilter(c, fields);
      if (g) conditions.push(g);
      continue;
    }
    const field = fields.get(c.field);
    if (field && !conditionProblem(field, c)) conditions.push(toServerCondition(field, c));
  }
  return conditions.length ? { combinator: group.combinator, conditions } : undefined;
}

/** Counts the complete conditions in a group, nested ones included. */
export function countConditions(group: FilterGroup | null | undefined): number {
  if (!group) return 0;
  return group.conditions.reduce((n, c) => n + (isGroup(c) ? countConditions(c) : 1), 0);
}

/** "Status is any of draft, sent" — a condition in words, for chips and screen readers. */
export function describeCondition(field: FieldMeta | undefined, c: Condition, userName?: (id: string) => string): string {
  if (!field) return c.field;
  const label = opLabel(field, c.op);
  if (!needsValue(c.op)) return `${field.label} ${label}`;
  const show = (v: unknown) => (field.type === "user" && userName ? userName(String(v)) : String(v));
  const value = Array.isArray(c.value)
    ? c.op === "between"
      ? `${show(c.value[0])} and ${show(c.value[1])}`
      : c.value.map(show).join(", ")
    : field.type === "boolean"
      ? c.value === "true" || c.value === true
        ? "yes"
        : "no"
      : show(c.value);
  return `${field.label} ${label} ${value}`;
}
