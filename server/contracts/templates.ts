import { z } from "zod";
import { MAX_BATCH_IDS, MAX_FIELD_CHANGES, optionsSchema, DEFAULT_OPTIONS } from "./batch";
import { rowSelectionSchema } from "./filter";
import { rowIdSchema } from "./ids";
import { MAX_EXCLUDED_IDS } from "./targets";
import { NAME_MAX, nameSchema, text } from "./text";

// A batch template (issue 12, seed 003): a row batch whose filter values and operation values may be
// `${param}` placeholders, and the typed parameters a run fills them with (server/templates/params.ts).
// What is stored is checked twice: by these shapes, and by substituting sample values and parsing
// the result as a normal batch input, so a template that could never run is refused when saved.

export const PARAM_TYPES = ["string", "number", "boolean", "date", "enum"] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

export const MAX_TEMPLATE_PARAMS = 30;
export const MAX_ENUM_VALUES = 100;
export const TEMPLATE_DESCRIPTION_MAX = 2_000;
/** A parameter's name, as `${name}` refers to it. */
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const paramValue = z.union([text(10_000), z.number().finite(), z.boolean()]);

export const parameterSchema = z
  .strictObject({
    name: z.string().max(64).regex(PARAM_NAME, "A parameter's name is letters, digits and _, not starting with a digit."),
    type: z.enum(PARAM_TYPES),
    required: z.boolean().default(false),
    default: paramValue.optional(),
    description: text(500).optional(),
    /** The allowed values: required for `enum`, optional for `string` (seed 003 lists them on a string). */
    enum: z.array(text(NAME_MAX).min(1)).min(1).max(MAX_ENUM_VALUES).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.type === "enum" && !p.enum) ctx.addIssue({ code: "custom", path: ["enum"], message: "An enum parameter lists its values." });
    if (p.enum && p.type !== "enum" && p.type !== "string") ctx.addIssue({ code: "custom", path: ["enum"], message: "Only enum and string parameters list values." });
  });
export type TemplateParameter = z.output<typeof parameterSchema>;

/** What a template acts on: a filter (values may be placeholders), fixed ids, or ids given at each run. */
export const templateTargetSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("filter"), selection: rowSelectionSchema, excludeIds: z.array(rowIdSchema).max(MAX_EXCLUDED_IDS).default([]) }),
  z.strictObject({ kind: z.literal("ids"), ids: z.array(rowIdSchema).min(1).max(MAX_BATCH_IDS) }),
  z.strictObject({ kind: z.literal("idsAtRun") }),
]);
export type TemplateTarget = z.output<typeof templateTargetSchema>;

// The operation is kept as JSON whose numbers may be placeholders too (`"by": "${step}"`); its shape
// is the engine's, checked after substitution (server/templates/params.ts, checkTemplate).
const placeholderJson: z.ZodType<unknown> = z.lazy(() =>
  z.union([text(100_000), z.number(), z.boolean(), z.null(), z.array(placeholderJson).max(MAX_FIELD_CHANGES * 4), z.record(nameSchema, placeholderJson).refine((o) => Object.keys(o).length <= MAX_FIELD_CHANGES * 4, "Too many keys.")]),
);
export const templateOperationSchema = z.object({ type: nameSchema.min(1) }).catchall(placeholderJson);

const parametersSchema = z
  .array(parameterSchema)
  .max(MAX_TEMPLATE_PARAMS)
  .refine((ps) => new Set(ps.map((p) => p.name)).size === ps.length, { message: "Each parameter needs a name of its own." });

// Without defaults, so an edit can tell what it was given from what it was not.
const templateFields = z.strictObject({
  name: text(NAME_MAX).trim().min(1, "A template needs a name."),
  description: text(TEMPLATE_DESCRIPTION_MAX).optional(),
  resource: nameSchema.min(1),
  target: templateTargetSchema,
  operation: templateOperationSchema,
  options: optionsSchema,
  parameters: parametersSchema,
});

export const templateBodySchema = templateFields.extend({ options: optionsSchema.default(DEFAULT_OPTIONS), parameters: parametersSchema.default([]) });
export type TemplateBody = z.input<typeof templateBodySchema>;
export type TemplateDefinition = z.output<typeof templateBodySchema>;

const templateId = z.uuid();
export const byTemplateIdSchema = z.strictObject({ templateId });
export const templateFromBatchSchema = z.strictObject({ batchId: z.uuid(), name: text(NAME_MAX).optional() });
export const templateGetSchema = z.strictObject({ templateId, version: z.number().int().positive().max(1_000_000).optional() });
/** An edit: what is given replaces the current version's, in a new version. */
export const templateUpdateSchema = templateFields.partial().extend({ templateId });

/** Parameter values as a run gives them (text from a form or a query converts by the parameter's type). */
export const paramValuesSchema = z
  .record(z.string().max(64), z.union([paramValue, z.null()]))
  .refine((values) => Object.keys(values).length <= MAX_TEMPLATE_PARAMS, `At most ${MAX_TEMPLATE_PARAMS} parameters.`)
  .default({});
export const templateRunSchema = z.strictObject({
  templateId,
  /** A version to run instead of the newest (a schedule keeps the one it was set up with). */
  version: z.number().int().positive().max(1_000_000).optional(),
  params: paramValuesSchema,
  /** The rows, for a template whose target is given at run time. */
  ids: z.array(rowIdSchema).min(1).max(MAX_BATCH_IDS).optional(),
});
export type TemplateRunInput = z.input<typeof templateRunSchema>;
