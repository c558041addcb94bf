import { z } from "zod";
import { DEFAULT_OPTIONS, MAX_FIELD_CHANGES, MAX_BATCH_ITEMS, OPTION_BOUNDS, type BatchInput, type BatchOptions, type FieldChange, type Operation, type Target } from "../contracts/batch";
import { FILTER_OPS, MAX_FILTER_WIDTH, type Condition, type FilterOp } from "../contracts/filter";
import { FORBIDDEN_KEYS } from "../contracts/plain-json";
import { NAME_MAX, nameSchema, text } from "../contracts/text";
import { fieldValueSchema, itemSchema, scalarValueSchema, type FieldValue } from "../contracts/values";
import { AppError } from "../errors";
import { RESOURCES } from "../resources/registry";
import type { FieldDef, ResourceDef } from "../resources/types";
import { coerceValue } from "../resources/values";

// Seed 003's `POST /api/v1/batch/jobs` body, and its translation into the engine's row batches: one
// batch per operation. Shapes are refused by the schema; resources, fields and values against the
// resources' metadata; options against the engine's bounds — every problem at once, as the seed's
// INVALID_BATCH `details` list ({field, code, message}).

/** Operations one job may hold (each is one batch). */
export const MAX_JOB_OPERATIONS = 20;
/** Why a job's delete soft-deletes, as the rows' delete reason. */
export const JOB_DELETE_REASON = "Deleted by a batch job (API)";

/** One entry of the seed's `details`. */
export type Problem = { field: string; code: string; message: string };

const key = text(NAME_MAX).min(1).refine((k) => !FORBIDDEN_KEYS.includes(k), { message: "This name is not allowed as a field." });
const scalarList = z.array(scalarValueSchema).max(10_000);
/** A filter value: equal to a scalar, any of a list, or `{op: value}` with our filter operators. */
const filterValue = z.union([scalarValueSchema, scalarList, z.partialRecord(z.enum(FILTER_OPS), z.union([scalarValueSchema, scalarList]))]);
/** An update value: one field value; an object is accepted by the shape so it can be refused by field, with a reason. */
const updateValue = z.union([fieldValueSchema, z.record(key, z.json())]);

const operationSchema = z.strictObject({
  type: nameSchema.min(1),
  resource: nameSchema.min(1),
  filter: z.record(key, filterValue).optional(),
  update: z.record(key, updateValue).optional(),
  /** Rows a `create` operation adds. */
  data: z.array(itemSchema).min(1).max(MAX_BATCH_ITEMS).optional(),
});
type SeedOperation = z.output<typeof operationSchema>;

const optionsSchema = z.strictObject({
  parallel: z.boolean().default(true),
  max_concurrent: z.number().int().optional(),
  retry: z.strictObject({ attempts: z.number().int().optional(), backoff: nameSchema.optional() }).optional(),
  validation: z.strictObject({ mode: nameSchema.optional(), on_error: nameSchema.optional() }).optional(),
});

export const createJobBodySchema = z.strictObject({
  batch: z.strictObject({
    type: nameSchema.min(1),
    description: text(2_000).optional(),
    operations: z.array(operationSchema).min(1, "A job needs at least one operation.").max(MAX_JOB_OPERATIONS, `A job holds at most ${MAX_JOB_OPERATIONS} operations.`),
    options: optionsSchema.default({ parallel: true }),
  }),
});
export type CreateJobBody = z.output<typeof createJobBodySchema>;

/** What a job becomes: one batch input per operation (the engine options on each), and whether they run at once. */
export type JobPlan = { type: string; description: string | null; parallel: boolean; options: BatchOptions; inputs: BatchInput[]; seedTypes: string[] };

const ENGINE_TYPES = { update: "update", delete: "delete", restore: "restore", create: "create" } as const;
type SeedType = keyof typeof ENGINE_TYPES;
/** The seed's other operation types: known to it, not something a batch job of rows can do here. */
const ELSEWHERE = ["import", "export", "backup", "cleanup", "optimize", "calculate", "analyze", "generate", "validate"];

const ON_ERROR: Record<string, BatchOptions["onError"]> = { skip: "skip", continue: "skip", ignore: "skip", abort: "abort", stop: "abort", halt: "abort", fail: "abort" };

/** The seed's path of a schema issue, as `operations[0].filter.status` (relative to `batch`). */
function pathOf(path: PropertyKey[]): string {
  const rest = path[0] === "batch" ? path.slice(1) : path;
  return rest.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), "") || "batch";
}

function codeOf(path: string): string {
  if (/^operations(\[\d+\])?$/.test(path) || /\.type$/.test(path)) return "INVALID_OPERATION";
  if (path.startsWith("options")) return "INVALID_OPTION";
  if (/\.filter/.test(path)) return "INVALID_FILTER";
  if (/\.resource$/.test(path)) return "INVALID_RESOURCE";
  return "INVALID_FIELD";
}

/** Schema issues as the seed's details. */
export function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.map((i) => {
    const field = pathOf(i.path);
    return { field, code: codeOf(field), message: i.message };
  });
}

/** The seed's refusal: 400 INVALID_BATCH with every problem found. */
export function invalidBatch(problems: Problem[]): AppError {
  return new AppError("BAD_REQUEST", "Invalid batch job configuration", { problems });
}

/** A field by its API name or its column (the seed writes snake_case: `sender_name`). */
function fieldOf(res: ResourceDef, name: string): FieldDef | undefined {
  return res.fields.find((f) => f.name === name || f.column === name);
}

function conditionsOf(res: ResourceDef, filter: Record<string, z.output<typeof filterValue>>, at: string, problems: Problem[]): Condition[] {
  const out: Condition[] = [];
  for (const [name, value] of Object.entries(filter)) {
    const field = fieldOf(res, name);
    if (!field) {
      problems.push({ field: `${at}.filter.${name}`, code: "INVALID_FILTER", message: `${res.label} have no field "${name}". Fields: ${res.fields.map((f) => f.name).join(", ")}.` });
      continue;
    }
    if (value === null) out.push({ field: field.name, op: "isNull" });
    else if (Array.isArray(value)) out.push({ field: field.name, op: "in", value });
    else if (typeof value === "object") for (const [op, v] of Object.entries(value)) out.push({ field: field.name, op: op as FilterOp, value: v });
    else out.push({ field: field.name, op: "eq", value });
  }
  if (out.length > MAX_FILTER_WIDTH) problems.push({ field: `${at}.filter`, code: "INVALID_FILTER", message: `A filter holds at most ${MAX_FILTER_WIDTH} conditions.` });
  return out;
}

function changesOf(res: ResourceDef, update: Record<string, z.output<typeof updateValue>>, at: string, problems: Problem[]): FieldChange[] {
  const entries = Object.entries(update);
  if (entries.length === 0 || entries.length > MAX_FIELD_CHANGES) {
    problems.push({ field: `${at}.update`, code: "INVALID_FIELD", message: `An update sets 1 to ${MAX_FIELD_CHANGES} fields.` });
    return [];
  }
  const changes: FieldChange[] = [];
  for (const [name, raw] of entries) {
    const where = `${at}.update.${name}`;
    const field = fieldOf(res, name);
    if (!field) {
      problems.push({ field: where, code: "INVALID_FIELD", message: `${res.label} have no field "${name}".` });
      continue;
    }
    if (field.readOnly) {
      problems.push({ field: where, code: "INVALID_FIELD", message: `${field.label} is read-only.` });
      continue;
    }
    const value = fieldValueSchema.safeParse(raw);
    const coerced = value.success ? coerceValue(field, value.data) : null;
    if (!value.success || !coerced?.ok) {
      const message = coerced && !coerced.ok ? coerced.message : `${field.label} takes one value (or a list), not an object of settings.`;
      problems.push({ field: where, code: "INVALID_VALUE", message });
      continue;
    }
    changes.push({ op: "set", field: field.name, value: value.data as FieldValue });
  }
  return changes;
}

function operationOf(res: ResourceDef, type: SeedType, op: SeedOperation, at: string, problems: Problem[]): { target: Target; operation: Operation } | null {
  if (type === "create") {
    if (!op.data) problems.push({ field: `${at}.data`, code: "INVALID_OPERATION", message: "A create operation lists its rows in data." });
    if (op.filter || op.update) problems.push({ field: at, code: "INVALID_OPERATION", message: "A create operation takes data, not filter or update." });
    return op.data ? { target: { kind: "items", items: op.data }, operation: { type: "create" } } : null;
  }
  if (op.data) problems.push({ field: `${at}.data`, code: "INVALID_OPERATION", message: `A ${type} operation selects rows with filter; data is for create.` });
  if (!op.filter) problems.push({ field: `${at}.filter`, code: "INVALID_FILTER", message: `A ${type} operation selects its rows with filter, such as { "status": "active" }.` });
  const conditions = conditionsOf(res, op.filter ?? {}, at, problems);
  // Restore acts on the trash and the archive; the others on live rows, as the console's default view.
  const target: Target = { kind: "filter", selection: { filter: { combinator: "and", conditions }, scope: type === "restore" ? "all" : "active" }, excludeIds: [] };
  if (type === "update") {
    if (!op.update) problems.push({ field: `${at}.update`, code: "INVALID_FIELD", message: "An update operation names the fields to set in update." });
    return { target, operation: { type: "update", changes: changesOf(res, op.update ?? {}, at, problems) } };
  }
  if (op.update) problems.push({ field: `${at}.update`, code: "INVALID_OPERATION", message: `A ${type} operation sets no fields.` });
  if (type === "restore") return { target, operation: { type: "restore" } };
  // Soft where the resource has a trash (it can be restored), else the engine's delete (admins only).
  return { target, operation: res.softDelete ? { type: "softDelete", reason: JOB_DELETE_REASON } : { type: "hardDelete" } };
}

function bounded(value: number | undefined, bounds: { min: number; max: number; default: number }, field: string, problems: Problem[]): number {
  if (value === undefined) return bounds.default;
  if (value < bounds.min || value > bounds.max) problems.push({ field, code: "INVALID_OPTION", message: `${field.replace(/^options\./, "")} must be ${bounds.min}–${bounds.max} (got ${value}).` });
  return value;
}

function engineOptions(o: CreateJobBody["batch"]["options"], problems: Problem[]): BatchOptions {
  const maxParallel = bounded(o.max_concurrent, OPTION_BOUNDS.maxParallel, "options.max_concurrent", problems);
  const retries = bounded(o.retry?.attempts, OPTION_BOUNDS.retries, "options.retry.attempts", problems);
  const backoff = o.retry?.backoff;
  // The job queue retries a failed run after a delay that doubles each time: that is the one strategy.
  if (backoff !== undefined && backoff !== "exponential") {
    problems.push({ field: "options.retry.backoff", code: "INVALID_OPTION", message: `Retries back off exponentially here; "${backoff}" is not available.` });
  }
  const mode = o.validation?.mode ?? DEFAULT_OPTIONS.validation;
  if (mode !== "strict" && mode !== "lenient") problems.push({ field: "options.validation.mode", code: "INVALID_OPTION", message: `validation.mode is strict or lenient (got "${mode}").` });
  const onError = o.validation?.on_error === undefined ? DEFAULT_OPTIONS.onError : ON_ERROR[o.validation.on_error];
  if (!onError) problems.push({ field: "options.validation.on_error", code: "INVALID_OPTION", message: `validation.on_error is skip (or continue) or abort (or stop) (got "${o.validation?.on_error}").` });
  return { ...DEFAULT_OPTIONS, maxParallel, retries, validation: mode === "strict" ? "strict" : "lenient", onError: onError ?? "skip" };
}

/** The body as a job plan, or INVALID_BATCH listing every problem (shape, resources, fields, values, options). */
export function planJob(body: unknown): JobPlan {
  const parsed = createJobBodySchema.safeParse(body);
  if (!parsed.success) throw invalidBatch(problemsOf(parsed.error));
  const { batch } = parsed.data;
  const problems: Problem[] = [];
  const inputs: BatchInput[] = [];
  const options = engineOptions(batch.options, problems);
  for (const [i, op] of batch.operations.entries()) {
    const at = `operations[${i}]`;
    const res = RESOURCES.find((r) => r.name === op.resource);
    const type = op.type in ENGINE_TYPES ? (op.type as SeedType) : null;
    if (!type) {
      const message = ELSEWHERE.includes(op.type) ? `Operation type ${op.type} is not available in batch jobs (update, delete, restore, create).` : `Unknown operation type: ${op.type}`;
      problems.push({ field: `${at}.type`, code: "INVALID_OPERATION", message });
    }
    if (!res) problems.push({ field: `${at}.resource`, code: "INVALID_RESOURCE", message: `Unknown resource: ${op.resource}. Resources: ${RESOURCES.map((r) => r.name).join(", ")}.` });
    if (!type || !res) continue;
    const planned = operationOf(res, type, op, at, problems);
    if (planned) inputs.push({ resource: res.name, ...planned, options });
  }
  if (problems.length > 0) throw invalidBatch(problems);
  return { type: batch.type, description: batch.description ?? null, parallel: batch.options.parallel, options, inputs, seedTypes: batch.operations.map((o) => o.type) };
}
