import { z } from "zod";
import { OPTION_BOUNDS, type FieldChange } from "../contracts/batch";
import type { Condition, FilterOp } from "../contracts/filter";
import { FILTER_OPS } from "../contracts/filter";
import { rowIdSchema } from "../contracts/ids";
import { PARAM_TYPES, type TemplateDefinition, type TemplateBody } from "../contracts/templates";
import { NAME_MAX, nameSchema, text } from "../contracts/text";
import { scalarValueSchema } from "../contracts/values";
import { AppError } from "../errors";
import { RESOURCES } from "../resources/registry";
import type { ResourceDef } from "../resources/types";
import type { TemplateRecord } from "../templates/store";
import type { Problem } from "./batch-jobs-input";

// Seed 003's batch templates as the API prints them: `parameters` and one entry of `operations`
// whose `template` holds the values to set (`"${status}"`), optionally a `filter` as the batch
// jobs take it (`{field: value}`); without a filter the rows are given at each run (`ids`). Ours in
// and out: a template is one operation, and anything the seed's form cannot say (an increment, a
// filter with "or") is in `target` / `operation`, our own shapes, beside it.

const scalarList = z.array(scalarValueSchema).max(10_000);
const filterValue = z.union([scalarValueSchema, scalarList, z.partialRecord(z.enum(FILTER_OPS), z.union([scalarValueSchema, scalarList]))]);

const seedParameter = z.strictObject({
  name: z.string().max(64),
  type: z.enum(PARAM_TYPES),
  required: z.boolean().default(false),
  enum: z.array(text(NAME_MAX)).max(100).optional(),
  default: z.union([text(10_000), z.number(), z.boolean()]).optional(),
  description: text(500).optional(),
});

const seedOperation = z.strictObject({
  type: z.enum(["update", "delete", "restore"]),
  resource: nameSchema.min(1),
  filter: z.record(text(NAME_MAX), filterValue).optional(),
  template: z.record(text(NAME_MAX), z.union([scalarValueSchema, z.array(scalarValueSchema).max(1_000)])).optional(),
});

export const templateBodySchemaSeed = z.strictObject({
  name: text(NAME_MAX),
  description: text(2_000).optional(),
  parameters: z.array(seedParameter).max(30).default([]),
  operations: z.array(seedOperation).length(1, "A template holds one operation (a batch); make one template per operation."),
  options: z
    .strictObject({ max_concurrent: z.number().int().optional(), retry: z.strictObject({ attempts: z.number().int().optional() }).optional(), validation: z.strictObject({ mode: z.enum(["strict", "lenient"]).optional(), on_error: z.enum(["skip", "abort"]).optional() }).optional() })
    .optional(),
});

export const runBodySchema = z.strictObject({
  parameters: z.record(z.string().max(64), z.union([text(10_000), z.number(), z.boolean(), z.null()])).default({}),
  ids: z.array(rowIdSchema).min(1).max(1_000_000).optional(),
  version: z.number().int().positive().optional(),
});

/** The seed's refusal of a template: 400 INVALID_TEMPLATE listing every problem. */
export function invalidTemplate(problems: Problem[]): AppError {
  return new AppError("BAD_REQUEST", "Invalid batch template", { problems });
}

function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.map((i) => ({ field: i.path.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), "") || "template", code: "INVALID_FIELD", message: i.message }));
}

const fieldOf = (res: ResourceDef, name: string) => res.fields.find((f) => f.name === name || f.column === name);

/** A seed body as our template definition (fields resolved by API name or column; values checked when the template is saved and run). */
export function definitionFromSeed(body: unknown): TemplateBody {
  const parsed = templateBodySchemaSeed.safeParse(body);
  if (!parsed.success) throw invalidTemplate(problemsOf(parsed.error));
  const b = parsed.data;
  const op = b.operations[0]!;
  const problems: Problem[] = [];
  const res = RESOURCES.find((r) => r.name === op.resource);
  if (!res) throw invalidTemplate([{ field: "operations[0].resource", code: "INVALID_RESOURCE", message: `Unknown resource: ${op.resource}. Resources: ${RESOURCES.map((r) => r.name).join(", ")}.` }]);
  const conditions: Condition[] = [];
  for (const [name, value] of Object.entries(op.filter ?? {})) {
    const f = fieldOf(res, name);
    if (!f) {
      problems.push({ field: `operations[0].filter.${name}`, code: "INVALID_FILTER", message: `${res.label} have no field "${name}".` });
      continue;
    }
    if (value === null) conditions.push({ field: f.name, op: "isNull" });
    else if (Array.isArray(value)) conditions.push({ field: f.name, op: "in", value });
    else if (typeof value === "object") for (const [o, v] of Object.entries(value)) conditions.push({ field: f.name, op: o as FilterOp, value: v });
    else conditions.push({ field: f.name, op: "eq", value });
  }
  const changes: FieldChange[] = [];
  for (const [name, value] of Object.entries(op.template ?? {})) {
    const f = fieldOf(res, name);
    if (!f || f.readOnly) problems.push({ field: `operations[0].template.${name}`, code: "INVALID_FIELD", message: f ? `${f.label} is read-only.` : `${res.label} have no field "${name}".` });
    else changes.push({ op: "set", field: f.name, value });
  }
  if (op.type === "update" && changes.length === 0 && problems.length === 0) problems.push({ field: "operations[0].template", code: "INVALID_FIELD", message: "An update template names the fields to set in template." });
  if (op.type !== "update" && op.template) problems.push({ field: "operations[0].template", code: "INVALID_OPERATION", message: `A ${op.type} sets no fields.` });
  if (problems.length) throw invalidTemplate(problems);
  const operation =
    op.type === "update" ? { type: "update", changes } : op.type === "restore" ? { type: "restore" } : res.softDelete ? { type: "softDelete", reason: "Deleted by a batch template (API)" } : { type: "hardDelete" };
  const o = b.options;
  return {
    name: b.name,
    ...(b.description !== undefined ? { description: b.description } : {}),
    resource: res.name,
    target: op.filter ? { kind: "filter", selection: { filter: { combinator: "and", conditions }, scope: op.type === "restore" ? "all" : "active" } } : { kind: "idsAtRun" },
    operation,
    options: {
      validation: o?.validation?.mode ?? "lenient",
      onError: o?.validation?.on_error ?? "skip",
      chunkSize: OPTION_BOUNDS.chunkSize.default,
      maxParallel: o?.max_concurrent ?? OPTION_BOUNDS.maxParallel.default,
      retries: o?.retry?.attempts ?? OPTION_BOUNDS.retries.default,
    },
    parameters: b.parameters,
  };
}

const seedParameterOut = z.object({
  name: z.string(),
  type: z.string(),
  required: z.boolean(),
  enum: z.array(z.string()).describe("The allowed values; empty: any."),
  default: z.union([z.string(), z.number(), z.boolean()]).nullable(),
  description: z.string().nullable(),
});

const seedTemplateOut = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  version: z.number().int().describe("The version shown; an edit makes the next one, and runs may name an earlier one."),
  owner: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  parameters: z.array(seedParameterOut),
  operations: z.array(
    z.object({
      type: z.string().describe("update, delete, restore, or the engine's operation type when the seed's form cannot say it (then see `operation`)."),
      resource: z.string(),
      template: z.record(z.string(), z.unknown()).describe("The values an update sets, `${name}` standing for a parameter."),
      filter: z.record(z.string(), z.unknown()).nullable().describe("`{field: value}` when the target is a plain AND of conditions; null when ids are given at run time or the filter needs `target`."),
      ids_at_run: z.boolean(),
      target: z.unknown().describe("Our target: filter (with placeholders), ids, or idsAtRun."),
      operation: z.unknown().describe("Our operation, as the engine runs it."),
    }),
  ),
});

export const listTemplatesOutput = z.object({ data: z.object({ templates: z.array(seedTemplateOut) }) });
export const templateOutput = z.object({ data: seedTemplateOut });
export const deleteTemplateOutput = z.object({ data: z.object({ id: z.uuid(), deleted: z.boolean() }) });
export const runTemplateOutput = z.object({
  data: z.object({
    template_id: z.uuid(),
    template_version: z.number().int(),
    batch_id: z.uuid().describe("The previewed batch: commit it with POST /api/v1/batches/{batchId}/commit."),
    status: z.string(),
    preview: z.object({ total: z.number().int(), will_change: z.number().int(), unchanged: z.number().int(), invalid: z.number().int() }),
  }),
});

/** A plain AND of conditions the seed's `{field: value}` can print, or null. */
function seedFilterOf(t: TemplateDefinition): Record<string, unknown> | null {
  if (t.target.kind !== "filter") return null;
  const group = t.target.selection.filter;
  if (!group) return {};
  if (group.combinator !== "and") return null;
  const out: Record<string, unknown> = {};
  for (const c of group.conditions) {
    if ("combinator" in c || c.field in out) return null;
    if (c.op === "eq") out[c.field] = c.value;
    else if (c.op === "in") out[c.field] = c.value;
    else if (c.op === "isNull") out[c.field] = null;
    else out[c.field] = { [c.op]: c.value };
  }
  return out;
}

/** Our template in seed 003's shape. */
export function seedTemplateOf(t: TemplateRecord): z.output<typeof seedTemplateOut> {
  const op = t.operation as { type: string; changes?: { op: string; field: string; value?: unknown }[] };
  const setsOnly = op.type === "update" && (op.changes ?? []).every((c) => c.op === "set");
  const type = setsOnly ? "update" : op.type === "softDelete" || op.type === "hardDelete" ? "delete" : op.type === "restore" ? "restore" : op.type;
  return {
    id: t.id,
    name: t.name,
    description: t.description ?? null,
    version: t.version,
    owner: t.ownerEmail,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
    parameters: t.parameters.map((p) => ({ name: p.name, type: p.type, required: p.required, enum: p.enum ?? [], default: p.default ?? null, description: p.description ?? null })),
    operations: [
      {
        type,
        resource: t.resource,
        template: setsOnly ? Object.fromEntries((op.changes ?? []).map((c) => [c.field, c.value])) : {},
        filter: seedFilterOf(t),
        ids_at_run: t.target.kind === "idsAtRun",
        target: t.target,
        operation: t.operation,
      },
    ],
  };
}
