import { z } from "zod";
import { selectionTargetSchema } from "./targets";

/** Downloads one fetch runs at once. */
export const FETCH_CONCURRENCY = { min: 1, max: 5, default: 3 } as const;

/** Which media files to fetch: picked ids, or a table's filter less the rows unticked after "select all". */
export const fetchTargetSchema = selectionTargetSchema(100_000);
export type FetchTarget = z.output<typeof fetchTargetSchema>;

const concurrency = z.number().int().min(FETCH_CONCURRENCY.min).max(FETCH_CONCURRENCY.max);

export const fetchInputSchema = z.strictObject({
  target: fetchTargetSchema,
  concurrency: concurrency.default(FETCH_CONCURRENCY.default),
  /** Download files that are already downloaded again. */
  force: z.boolean().default(false),
});
export type FetchInput = z.input<typeof fetchInputSchema>;

/** The `operation` a fetch batch stores (read back from our own rows, so not strict). */
export const fetchOperationSchema = z.object({ type: z.literal("fetch"), concurrency, force: z.boolean() });
export type FetchOperation = z.output<typeof fetchOperationSchema>;

/** A page of a fetch batch's per-file progress. */
export const fetchItemsQuerySchema = z.strictObject({
  batchId: z.uuid(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(500).default(100),
});
