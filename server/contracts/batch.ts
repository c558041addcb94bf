import { z } from "zod";
import { rowIdSchema } from "./ids";
import { rowSelectionSchema } from "./filter";
import { MAX_EXCLUDED_IDS } from "./targets";
import { NAME_MAX, nameSchema, storable, text } from "./text";
import { fieldValueSchema, itemSchema, MAX_VALUE_LENGTH } from "./values";

/** Every state a batch can be in; the kernel's transitions table (server/batches/machine.ts) moves it. */
export const BATCH_STATES = [
  "planning",
  "previewed",
  "awaiting_approval",
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

/** States nothing leaves: a worker never touches such a batch again. */
export const FINAL_STATES: readonly BatchState[] = ["completed", "completed_with_errors", "failed", "cancelled", "discarded"];
/** Committed and not finished: a worker has it or will. */
export const ACTIVE_STATES: readonly BatchState[] = ["queued", "running", "paused"];
export const isFinalState = (s: BatchState): boolean => FINAL_STATES.includes(s);
export const isActiveState = (s: BatchState): boolean => ACTIVE_STATES.includes(s);

/**
 * What runs a batch: the chunked row engine, an export writing one file, a fetch downloading files.
 * Each kind has a descriptor in server/batches/kinds.ts.
 */
export const BATCH_KINDS = ["rows", "export", "fetch"] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];

/** Where a batch came from: composed by someone, a retry of another's failed rows, or a revert of another. */
export const BATCH_ORIGINS = ["normal", "retry", "revert"] as const;
export type BatchOrigin = (typeof BATCH_ORIGINS)[number];

/** What a user can do to a batch; the batch summary lists those allowed right now (`allowedActions`). */
export const BATCH_ACTIONS = ["commit", "requestApproval", "discard", "pause", "resume", "cancel", "retryFailed", "revert"] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];

export const ITEM_OUTCOMES = ["will_change", "unchanged", "invalid"] as const;
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];
export const RESULTS = ["succeeded", "unchanged", "invalid", "conflict", "failed"] as const;
export type ItemResult = (typeof RESULTS)[number];

/** Submitted items (create, upsert, natural keys, per-row values) one batch may carry. */
export const MAX_BATCH_ITEMS = 100_000;
export const MAX_BATCH_IDS = 1_000_000;
export const MAX_FIELD_CHANGES = 50;
export const REASON_MAX = 500;
export const ARCHIVE_LOCATION_MAX = 200;

const id = rowIdSchema;

/** What a row batch acts on. A filter is resolved on the server and frozen at validation. */
export const targetSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("ids"), ids: z.array(id).min(1).max(MAX_BATCH_IDS) }),
  z.strictObject({ kind: z.literal("filter"), selection: rowSelectionSchema, excludeIds: z.array(id).max(MAX_EXCLUDED_IDS).default([]) }),
  z.strictObject({ kind: z.literal("naturalKeys"), keys: z.array(itemSchema).min(1).max(MAX_BATCH_ITEMS) }),
  z.strictObject({ kind: z.literal("items"), items: z.array(itemSchema).min(1).max(MAX_BATCH_ITEMS) }),
]);
export type Target = z.output<typeof targetSchema>;

export const CHANGE_OPS = ["set", "clear", "increment", "decrement", "multiply", "addOption", "removeOption", "replace"] as const;
export type ChangeOp = (typeof CHANGE_OPS)[number];

const field = nameSchema.min(1);
const option = text(NAME_MAX).min(1);
export const fieldChangeSchema = z.discriminatedUnion("op", [
  z.strictObject({ op: z.literal("set"), field, value: fieldValueSchema }),
  z.strictObject({ op: z.literal("clear"), field }),
  z.strictObject({ op: z.literal("increment"), field, by: z.number().finite() }),
  z.strictObject({ op: z.literal("decrement"), field, by: z.number().finite() }),
  z.strictObject({ op: z.literal("multiply"), field, by: z.number().finite() }),
  z.strictObject({ op: z.literal("addOption"), field, value: option }),
  z.strictObject({ op: z.literal("removeOption"), field, value: option }),
  z.strictObject({ op: z.literal("replace"), field, find: text(MAX_VALUE_LENGTH).min(1), replaceWith: text(MAX_VALUE_LENGTH) }),
]);
export type FieldChange = z.output<typeof fieldChangeSchema>;

const reason = storable(z.string().trim().min(1, "A reason is required.").max(REASON_MAX));

/** The row engine's operations. Exports and fetches have their own inputs (contracts/exports, contracts/media). */
export const operationSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("update"), changes: z.array(fieldChangeSchema).min(1).max(MAX_FIELD_CHANGES) }),
  z.strictObject({
    type: z.literal("updatePerRow"),
    field,
    values: z.array(z.strictObject({ id, value: fieldValueSchema })).min(1).max(MAX_BATCH_ITEMS),
  }),
  z.strictObject({ type: z.literal("statusChange"), to: nameSchema.min(1), reason, force: z.boolean().default(false) }),
  z.strictObject({ type: z.literal("softDelete"), reason }),
  z.strictObject({ type: z.literal("hardDelete") }),
  z.strictObject({ type: z.literal("archive"), reason, location: storable(z.string().trim().max(ARCHIVE_LOCATION_MAX)).optional() }),
  z.strictObject({ type: z.literal("restore") }),
  z.strictObject({ type: z.literal("create") }),
  z.strictObject({ type: z.literal("upsert") }),
  z.strictObject({ type: z.literal("deleteByKey") }),
  // Items carry their natural key and the values to set: a key that matches no row is a per-item
  // NOT_FOUND, never a create (scripts that must not create rows by a typo in a key).
  z.strictObject({ type: z.literal("updateByKey") }),
]);
export type Operation = z.output<typeof operationSchema>;
export type RowOperationType = Operation["type"];

/** Bounds and defaults of a row batch's options, declared once for the server's schema and the composer's form. */
export const OPTION_BOUNDS = {
  chunkSize: { min: 100, max: 20_000, default: 2_000 },
  maxParallel: { min: 1, max: 8, default: 2 },
  retries: { min: 0, max: 10, default: 3 },
} as const;

const bounded = (b: { min: number; max: number; default: number }) => z.number().int().min(b.min).max(b.max).default(b.default);

export const optionsSchema = z.strictObject({
  /** strict: any invalid row blocks the commit; lenient: invalid rows are skipped. */
  validation: z.enum(["strict", "lenient"]).default("lenient"),
  /** skip: failed rows are reported and the batch goes on; abort: the batch stops after that chunk. */
  onError: z.enum(["skip", "abort"]).default("skip"),
  chunkSize: bounded(OPTION_BOUNDS.chunkSize),
  maxParallel: bounded(OPTION_BOUNDS.maxParallel),
  retries: bounded(OPTION_BOUNDS.retries),
});
export type BatchOptions = z.output<typeof optionsSchema>;
export const DEFAULT_OPTIONS: BatchOptions = optionsSchema.parse({});

export const batchInputSchema = z.strictObject({
  resource: nameSchema.min(1),
  target: targetSchema,
  operation: operationSchema,
  options: optionsSchema.default(DEFAULT_OPTIONS),
});
export type BatchInput = z.input<typeof batchInputSchema>;
