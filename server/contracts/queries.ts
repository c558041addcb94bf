import { z } from "zod";
import { BATCH_STATES, ITEM_OUTCOMES, RESULTS } from "./batch";
import { rowSelectionSchema } from "./filter";
import { rowIdSchema } from "./ids";
import { nameSchema, text } from "./text";

// The inputs of the console's lists and lookups. Every one is strict (a misspelt key is refused,
// not dropped) and bounded: page sizes, page numbers and every string.

/** Deepest row a table page may start at: past it, narrow the filter (an OFFSET walks every row before it). */
export const MAX_TABLE_OFFSET = 10_000_000;

export const byBatchIdSchema = z.strictObject({ batchId: z.uuid() });

/** One page of a resource's rows, with the total matching the selection. */
export const resourceQuerySchema = z
  .strictObject({
    resource: nameSchema,
    selection: rowSelectionSchema.default({ scope: "active" }),
    sort: z.strictObject({ field: nameSchema, dir: z.enum(["asc", "desc"]) }).optional(),
    page: z.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.number().int().min(1).max(500).default(50),
  })
  .refine((q) => (q.page - 1) * q.pageSize <= MAX_TABLE_OFFSET, {
    path: ["page"],
    message: `Pages reach row ${MAX_TABLE_OFFSET.toLocaleString("en-US")} at most; narrow the filter to see later rows.`,
  });

/** How many rows of a resource a selection matches. */
export const resourceCountSchema = z.strictObject({ resource: nameSchema, selection: rowSelectionSchema });

/** The audit log's filters and page. */
export const auditQuerySchema = z.strictObject({
  action: nameSchema.optional(),
  resource: nameSchema.optional(),
  actorEmail: text(200).optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

/** The batches list's filters and page. */
export const batchListQuerySchema = z.strictObject({
  state: z.enum(BATCH_STATES).optional(),
  resource: nameSchema.optional(),
  createdById: nameSchema.optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});

/** One page of a batch's items, by planned outcome (preview) or applied result (after the run). */
export const batchItemsQuerySchema = z.strictObject({
  batchId: z.uuid(),
  outcome: z.enum(ITEM_OUTCOMES).optional(),
  result: z.enum(RESULTS).optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});

/** The exports table's page. */
export const exportListSchema = z.strictObject({
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});

/** One record's history: the batches that touched row `id` of `resource`, newest first. */
export const rowHistoryQuerySchema = z.strictObject({
  resource: nameSchema,
  id: rowIdSchema,
  limit: z.number().int().min(1).max(200).default(50),
});

/** One row of one batch ("Revert this row"). */
export const batchRowSchema = z.strictObject({ batchId: z.uuid(), rowId: rowIdSchema });
