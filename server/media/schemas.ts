import { z } from "zod";
import { rowSelectionSchema } from "../resources/filter";
import { rowIdSchema } from "../resources/row-id";

const id = rowIdSchema;

/** Which media files to fetch: picked ids, or a table's filter less the rows unticked after "select all". */
export const fetchTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ids"), ids: z.array(id).min(1).max(100_000) }),
  z.object({ kind: z.literal("filter"), selection: rowSelectionSchema, excludeIds: z.array(id).max(100_000).default([]) }),
]);
export type FetchTarget = z.output<typeof fetchTargetSchema>;

export const MIN_CONCURRENCY = 1;
export const MAX_CONCURRENCY = 5;

export const fetchInputSchema = z.object({
  target: fetchTargetSchema,
  /** Downloads running at once. */
  concurrency: z.number().int().min(MIN_CONCURRENCY).max(MAX_CONCURRENCY).default(3),
  /** Download files that are already downloaded again. */
  force: z.boolean().default(false),
});
export type FetchInput = z.input<typeof fetchInputSchema>;

/** The `operation` a fetch batch stores. */
export const fetchOperationSchema = z.object({
  type: z.literal("fetch"),
  concurrency: z.number().int().min(MIN_CONCURRENCY).max(MAX_CONCURRENCY),
  force: z.boolean(),
});
export type FetchOperation = z.output<typeof fetchOperationSchema>;

export const fetchItemsQuerySchema = z.object({
  batchId: z.uuid(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(100),
});
