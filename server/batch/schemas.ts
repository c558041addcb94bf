import { z } from "zod";
import { rowSelectionSchema } from "../resources/filter";
import { rowIdSchema } from "../resources/row-id";

const id = rowIdSchema;
const item = z.record(z.string(), z.unknown());

/** What a batch acts on. A filter is resolved on the server and frozen at validation. */
export const targetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ids"), ids: z.array(id).min(1).max(1_000_000) }),
  z.object({ kind: z.literal("filter"), selection: rowSelectionSchema, excludeIds: z.array(id).max(100_000).default([]) }),
  z.object({ kind: z.literal("naturalKeys"), keys: z.array(item).min(1).max(100_000) }),
  z.object({ kind: z.literal("items"), items: z.array(item).min(1).max(100_000) }),
]);
export type Target = z.output<typeof targetSchema>;

const field = z.string().min(1);
export const fieldChangeSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("set"), field, value: z.unknown() }),
  z.object({ op: z.literal("clear"), field }),
  z.object({ op: z.literal("increment"), field, by: z.number().finite() }),
  z.object({ op: z.literal("decrement"), field, by: z.number().finite() }),
  z.object({ op: z.literal("multiply"), field, by: z.number().finite() }),
  z.object({ op: z.literal("addOption"), field, value: z.string().min(1) }),
  z.object({ op: z.literal("removeOption"), field, value: z.string().min(1) }),
  z.object({ op: z.literal("replace"), field, find: z.string().min(1), replaceWith: z.string() }),
]);
export type FieldChange = z.output<typeof fieldChangeSchema>;

const reason = z.string().trim().min(1, "A reason is required.").max(500);

export const EXPORT_FORMATS = ["csv", "json", "jsonl", "xlsx"] as const;

export const operationSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("update"), changes: z.array(fieldChangeSchema).min(1).max(50) }),
  z.object({
    type: z.literal("updatePerRow"),
    field,
    values: z.array(z.object({ id, value: z.unknown() })).min(1).max(100_000),
  }),
  z.object({ type: z.literal("statusChange"), to: z.string().min(1), reason, force: z.boolean().default(false) }),
  z.object({ type: z.literal("softDelete"), reason }),
  z.object({ type: z.literal("hardDelete") }),
  z.object({ type: z.literal("archive"), reason, location: z.string().trim().max(200).optional() }),
  z.object({ type: z.literal("restore") }),
  z.object({ type: z.literal("create") }),
  z.object({ type: z.literal("upsert") }),
  z.object({ type: z.literal("deleteByKey") }),
  z.object({
    type: z.literal("export"),
    format: z.enum(EXPORT_FORMATS),
    fields: z.array(field).max(200).optional(),
    includeSensitive: z.boolean().default(false),
  }),
]);
export type Operation = z.output<typeof operationSchema>;

export const optionsSchema = z.object({
  /** strict: any invalid row blocks the commit; lenient: invalid rows are skipped. */
  validation: z.enum(["strict", "lenient"]).default("lenient"),
  /** skip: failed rows are reported and the batch goes on; abort: the batch stops after that chunk. */
  onError: z.enum(["skip", "abort"]).default("skip"),
  chunkSize: z.number().int().min(100).max(20_000).default(2_000),
  maxParallel: z.number().int().min(1).max(8).default(2),
  retries: z.number().int().min(0).max(10).default(3),
});
export type BatchOptions = z.output<typeof optionsSchema>;

export const batchInputSchema = z.object({
  resource: z.string(),
  target: targetSchema,
  operation: operationSchema,
  options: optionsSchema.default({ validation: "lenient", onError: "skip", chunkSize: 2_000, maxParallel: 2, retries: 3 }),
});
export type BatchInput = z.input<typeof batchInputSchema>;

export const ITEM_OUTCOMES = ["will_change", "unchanged", "invalid"] as const;
export const RESULTS = ["succeeded", "unchanged", "invalid", "conflict", "failed"] as const;
export type ItemResult = (typeof RESULTS)[number];

export const BATCH_STATES = [
  "planning",
  "previewed",
  "queued",
  "running",
  "paused",
  "completed",
  "completed_with_errors",
  "failed",
  "cancelled",
  "discarded",
] as const;
export type BatchState = (typeof BATCH_STATES)[number];
export const FINAL_STATES: readonly BatchState[] = ["completed", "completed_with_errors", "failed", "cancelled", "discarded"];
