import { z } from "zod";
import { rowSelectionSchema } from "./filter";
import { rowIdSchema } from "./ids";

/** Rows a user may untick after "select all N matching"; the rest of the filter stays selected. */
export const MAX_EXCLUDED_IDS = 100_000;

/**
 * Rows picked by id, or a table's filter less the rows unticked after "select all": the target of
 * row batches, exports and fetches alike. `maxIds` is the kind's own ceiling on picked ids.
 */
export function selectionTargetSchema(maxIds: number) {
  return z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("ids"), ids: z.array(rowIdSchema).min(1).max(maxIds) }),
    z.strictObject({ kind: z.literal("filter"), selection: rowSelectionSchema, excludeIds: z.array(rowIdSchema).max(MAX_EXCLUDED_IDS).default([]) }),
  ]);
}
export type SelectionTarget = z.output<ReturnType<typeof selectionTargetSchema>>;
