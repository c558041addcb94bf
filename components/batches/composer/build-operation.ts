import type { inferRouterInputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";
import type { FieldMeta, ResourceMeta } from "@/components/resources/types";
import { ARCHIVE_LOCATION_MAX, DEFAULT_OPTIONS as BATCH_DEFAULTS, OPTION_BOUNDS, REASON_MAX, type ChangeOp } from "@/server/contracts/batch";
import type { FieldValue } from "@/server/contracts/values";
import type { ComposableOperation } from "../operations";

type ValidateInput = inferRouterInputs<AppRouter>["batch"]["validate"];
export type OperationInput = ValidateInput["operation"];
export type OptionsInput = NonNullable<ValidateInput["options"]>;
export type TargetInput = ValidateInput["target"];

export type { ChangeOp };

export type ChangeDraft = {
  key: number;
  field: string;
  op: ChangeOp;
  value: string;
  values: string[];
  find: string;
  replaceWith: string;
};

export type ComposerForm = {
  changes: ChangeDraft[];
  to: string;
  reason: string;
  force: boolean;
  location: string;
  options: { validation: "strict" | "lenient"; onError: "skip" | "abort"; chunkSize: string; maxParallel: string; retries: string };
};

/** The composer's option fields start at the server's defaults. */
export const DEFAULT_OPTIONS: ComposerForm["options"] = {
  validation: BATCH_DEFAULTS.validation,
  onError: BATCH_DEFAULTS.onError,
  chunkSize: String(BATCH_DEFAULTS.chunkSize),
  maxParallel: String(BATCH_DEFAULTS.maxParallel),
  retries: String(BATCH_DEFAULTS.retries),
};

export const CHANGE_OP_LABEL: Record<ChangeOp, string> = {
  set: "Set to",
  clear: "Clear",
  increment: "Increase by",
  decrement: "Decrease by",
  multiply: "Multiply by",
  addOption: "Add tag",
  removeOption: "Remove tag",
  replace: "Find & replace",
};

const NUMERIC = new Set(["number", "currency", "percent", "rating"]);

/** Fields a batch may write from the composer: not read-only, not owners, not the status (it has its own operation). */
export function editableFields(meta: ResourceMeta): FieldMeta[] {
  return meta.fields.filter((f) => !f.readOnly && f.type !== "user" && f.name !== meta.status?.field);
}

/** The change operations that fit a field's type. */
export function changeOpsFor(field: FieldMeta): ChangeOp[] {
  const clear: ChangeOp[] = field.required ? [] : ["clear"];
  if (NUMERIC.has(field.type)) return ["set", "increment", "decrement", "multiply", ...clear];
  if (field.type === "multiSelect") return ["addOption", "removeOption", "set", "clear"];
  if (field.type === "boolean") return ["set"];
  if (field.type === "text" || field.type === "longText") return ["set", "replace", ...clear];
  return ["set", ...clear];
}

export function blankChange(key: number, field: FieldMeta): ChangeDraft {
  return { key, field: field.name, op: changeOpsFor(field)[0]!, value: field.type === "boolean" ? "true" : "", values: [], find: "", replaceWith: "" };
}

/** Targets a status change can go to: every state some other state may move to. */
export function reachableStatuses(meta: ResourceMeta): { to: string; from: string[] }[] {
  const transitions = meta.status?.transitions ?? {};
  const order = meta.fields.find((f) => f.name === meta.status?.field)?.options ?? Object.keys(transitions);
  return order
    .map((to) => ({ to, from: Object.entries(transitions).filter(([, next]) => next.includes(to)).map(([from]) => from) }))
    .filter((s) => s.from.length > 0);
}

export type FormErrors = Record<string, string>;

function checkScalar(field: FieldMeta, raw: string): { value?: FieldValue; error?: string } {
  const v = raw.trim();
  if (field.type === "boolean") return { value: raw === "true" };
  if (NUMERIC.has(field.type)) {
    if (v === "") return { error: `Enter a value for ${field.label.toLowerCase()}.` };
    const n = Number(v);
    if (!Number.isFinite(n)) return { error: "Enter a number." };
    if ((field.pg === "int4" || field.pg === "int8") && !Number.isInteger(n)) return { error: "Enter a whole number." };
    // The column keeps `scale` decimals; more would be rounded away without a word.
    const decimals = v.includes(".") ? v.split(".")[1]!.replace(/e.*$/i, "").length : 0;
    if (field.scale !== undefined && field.scale !== null && decimals > field.scale) {
      return { error: `${field.label} takes at most ${field.scale} ${field.scale === 1 ? "decimal" : "decimals"}.` };
    }
    if (field.min !== undefined && field.min !== null && n < field.min) return { error: `Must be at least ${field.min.toLocaleString("en-US")}.` };
    if (field.max !== undefined && field.max !== null && n > field.max) return { error: `Must be at most ${field.max.toLocaleString("en-US")}.` };
    return { value: n };
  }
  if (field.type === "date" || field.type === "datetime") {
    if (v === "") return { error: "Pick a date." };
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) return { error: "Enter a valid date." };
    // datetime-local is the viewer's local time; send the instant.
    return { value: field.type === "datetime" ? d.toISOString() : v };
  }
  if (field.options) {
    if (!field.options.includes(v)) return { error: "Choose one of the options." };
    return { value: v };
  }
  if (field.required && v === "") return { error: `${field.label} cannot be empty.` };
  if (field.max && raw.length > field.max) return { error: `At most ${field.max} characters (now ${raw.length}).` };
  if (field.pattern && raw !== "") {
    try {
      if (!new RegExp(field.pattern).test(raw)) return { error: `Must be ${field.patternHint ?? `in the format ${field.pattern}`}.` };
    } catch {
      // A pattern JavaScript cannot read is left to the server.
    }
  }
  return { value: raw };
}

function checkBy(raw: string, op: ChangeOp): { by?: number; error?: string } {
  const n = Number(raw.trim());
  if (raw.trim() === "" || !Number.isFinite(n)) return { error: "Enter a number." };
  if (op !== "multiply" && n === 0) return { error: "Adding zero changes nothing; enter another number." };
  return { by: n };
}

function buildChanges(meta: ResourceMeta, drafts: ChangeDraft[], errors: FormErrors) {
  const fields = new Map(meta.fields.map((f) => [f.name, f]));
  const seen = new Set<string>();
  const changes: Extract<OperationInput, { type: "update" }>["changes"] = [];
  if (drafts.length === 0) errors.changes = "Add at least one change.";
  for (const d of drafts) {
    const field = fields.get(d.field);
    const at = (k: string) => `changes.${d.key}.${k}`;
    if (!field) {
      errors[at("field")] = "Choose a field.";
      continue;
    }
    if (seen.has(d.field)) errors[at("field")] = `${field.label} is already changed above.`;
    seen.add(d.field);
    switch (d.op) {
      case "clear":
        changes.push({ op: "clear", field: d.field });
        break;
      case "increment":
      case "decrement":
      case "multiply": {
        const { by, error } = checkBy(d.value, d.op);
        if (error) errors[at("value")] = error;
        else changes.push({ op: d.op, field: d.field, by: by! });
        break;
      }
      case "addOption":
      case "removeOption":
        if (!d.value) errors[at("value")] = "Choose a tag.";
        else changes.push({ op: d.op, field: d.field, value: d.value });
        break;
      case "replace":
        if (!d.find) errors[at("find")] = "Enter the text to find.";
        else changes.push({ op: "replace", field: d.field, find: d.find, replaceWith: d.replaceWith });
        break;
      case "set": {
        if (field.type === "multiSelect") {
          changes.push({ op: "set", field: d.field, value: d.values });
          break;
        }
        const { value, error } = checkScalar(field, d.value);
        if (error) errors[at("value")] = error;
        else changes.push({ op: "set", field: d.field, value: value ?? null });
        break;
      }
    }
  }
  return changes;
}

function intIn(raw: string, { min, max }: { min: number; max: number }, label: string, errors: FormErrors, key: string): number {
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(n) || n < min || n > max) errors[key] = `${label} must be a whole number from ${min.toLocaleString("en")} to ${max.toLocaleString("en")}.`;
  return n;
}

function reasonOf(form: ComposerForm, errors: FormErrors): string {
  const reason = form.reason.trim();
  if (!reason) errors.reason = "Say why, for the audit log.";
  else if (reason.length > REASON_MAX) errors.reason = `At most ${REASON_MAX} characters (now ${reason.length}).`;
  return reason;
}

/** Turns the composer's form into a `batch.validate` operation and options, or says what is wrong. */
export function buildOperation(
  meta: ResourceMeta,
  kind: ComposableOperation,
  form: ComposerForm,
): { ok: true; operation: OperationInput; options: OptionsInput } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  let operation: OperationInput;
  switch (kind) {
    case "update":
      operation = { type: "update", changes: buildChanges(meta, form.changes, errors) };
      break;
    case "statusChange": {
      const reachable = reachableStatuses(meta).map((s) => s.to);
      if (!reachable.includes(form.to)) errors.to = "Choose the new status.";
      operation = { type: "statusChange", to: form.to, reason: reasonOf(form, errors), force: meta.canForce && form.force };
      break;
    }
    case "softDelete":
      operation = { type: "softDelete", reason: reasonOf(form, errors) };
      break;
    case "archive": {
      const location = form.location.trim();
      if (location.length > ARCHIVE_LOCATION_MAX) errors.location = `At most ${ARCHIVE_LOCATION_MAX} characters.`;
      operation = { type: "archive", reason: reasonOf(form, errors), ...(meta.archiveHasLocation && location ? { location } : {}) };
      break;
    }
    case "restore":
      operation = { type: "restore" };
      break;
    case "hardDelete":
      operation = { type: "hardDelete" };
      break;
  }
  const o = form.options;
  const options: OptionsInput = {
    validation: o.validation,
    onError: o.onError,
    chunkSize: intIn(o.chunkSize, OPTION_BOUNDS.chunkSize, "Chunk size", errors, "options.chunkSize"),
    maxParallel: intIn(o.maxParallel, OPTION_BOUNDS.maxParallel, "Parallel chunks", errors, "options.maxParallel"),
    retries: intIn(o.retries, OPTION_BOUNDS.retries, "Retries", errors, "options.retries"),
  };
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, operation, options };
}
