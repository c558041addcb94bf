import { z } from "zod";
import { BATCH_ACTIONS, BATCH_KINDS, BATCH_ORIGINS, BATCH_STATES, ITEM_OUTCOMES, optionsSchema, RESULTS } from "../../contracts/batch";
import { rowSelectionSchema } from "../../contracts/filter";
import { storedOperationSchema } from "../../contracts/stored-operation";
import { nullableTimestamp, page, timestamp, userRef } from "./common";

export const batchState = z.enum(BATCH_STATES);

/** Live figures of a batch: the status response's `progress` and each progress event. */
export const batchProgressOutput = z
  .strictObject({
    batchId: z.uuid(),
    state: batchState,
    total: z.number().int(),
    processed: z.number().int(),
    percent: z.number(),
    counts: z.strictObject({ succeeded: z.number().int(), unchanged: z.number().int(), invalid: z.number().int(), conflict: z.number().int(), failed: z.number().int() }),
    chunksDone: z.number().int(),
    chunkCount: z.number().int(),
    rowsPerSecond: z.number(),
    etaSeconds: z.number().nullable(),
    elapsedMs: z.number(),
    successRate: z.number().nullable(),
    startedAt: nullableTimestamp,
    finishedAt: nullableTimestamp,
    lastError: z.string().nullable(),
    progressSeq: z.number().int(),
    allowedActions: z.array(z.enum(BATCH_ACTIONS)),
  })
  .meta({ id: "BatchProgress" });

export const operationSummary = z.union([
  z.strictObject({ type: z.literal("updatePerRow"), field: z.string(), count: z.number().int() }),
  storedOperationSchema.options.filter((o) => o.shape.type.value !== "updatePerRow")[0]!,
  ...storedOperationSchema.options.filter((o) => o.shape.type.value !== "updatePerRow").slice(1),
]);

const targetSummary = z.union([
  z.strictObject({ kind: z.enum(["ids", "items", "naturalKeys"]), count: z.number().int() }),
  z.strictObject({ kind: z.literal("filter"), selection: rowSelectionSchema, excluded: z.number().int() }),
  z.strictObject({ kind: z.literal("batch"), batchId: z.uuid() }),
]);

/** A batch: what it does, its preview counts, its progress and what the caller may do to it now. */
export const batchSummaryOutput = z
  .strictObject({
    id: z.uuid(),
    resource: z.string(),
    kind: z.enum(BATCH_KINDS),
    origin: z.enum(BATCH_ORIGINS),
    parentId: z.uuid().nullable(),
    template: z
      .strictObject({ id: z.uuid(), version: z.number().int().positive(), name: z.string(), deleted: z.boolean() })
      .nullable()
      .meta({ description: "The template version this batch is a run of (its name as of that version); null for a batch not run from a template." }),
    operation: operationSummary,
    target: targetSummary,
    options: optionsSchema,
    state: batchState,
    createdBy: userRef,
    createdById: z.string(),
    createdAt: timestamp,
    previewedAt: nullableTimestamp,
    queuedAt: nullableTimestamp,
    updatedAt: timestamp,
    rowsPurgedAt: nullableTimestamp.meta({ description: "When an admin cleanup removed the batch's per-row data (items, results, files); null while it has them." }),
    preview: z.strictObject({
      total: z.number().int(),
      willChange: z.number().int(),
      unchanged: z.number().int(),
      invalid: z.number().int(),
      fieldsTouched: z.array(z.string()),
      fieldChanges: z.record(z.string(), z.number()),
    }),
    progress: batchProgressOutput,
    capabilities: z.strictObject({ chunked: z.boolean(), pausable: z.boolean(), retryable: z.boolean(), revertible: z.boolean(), unit: z.string() }),
    allowedActions: z.array(z.enum(BATCH_ACTIONS)),
  })
  .meta({ id: "Batch" });

export const batchListOutput = page(
  "batches",
  z.strictObject({
    id: z.uuid(),
    resource: z.string(),
    kind: z.enum(BATCH_KINDS),
    origin: z.enum(BATCH_ORIGINS),
    operation: z.string(),
    createdBy: userRef,
    createdAt: timestamp,
    updatedAt: timestamp,
    progress: batchProgressOutput,
  }),
).meta({ id: "BatchList" });

const rowValues = z.record(z.string(), z.unknown()).nullable();

export const batchItemsOutput = page(
  "items",
  z.strictObject({
    seq: z.number().int(),
    rowId: z.number().int().nullable(),
    itemIndex: z.number().int().nullable(),
    action: z.string(),
    outcome: z.enum(ITEM_OUTCOMES),
    errors: z.array(z.strictObject({ code: z.string(), field: z.string().nullable(), message: z.string() })).nullable(),
    before: rowValues,
    after: rowValues,
    result: z.enum(RESULTS).nullable(),
    resultError: z.object({ code: z.string(), message: z.string(), changed: z.array(z.string()).optional() }).nullable(),
  }),
).meta({ id: "BatchItems" });
