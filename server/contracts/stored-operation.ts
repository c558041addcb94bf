import { z } from "zod";
import { operationSchema } from "./batch";
import { rowSelectionSchema } from "./filter";
import { exportOperationSchema } from "./exports";
import { fetchOperationSchema } from "./media";

/** A revert batch's operation: put back what batch `of` changed (only row `rowId`'s, for "Revert this row"). */
export const revertOperationSchema = z.object({ type: z.literal("revert"), of: z.uuid(), rowId: z.number().int().optional() });

/**
 * Every operation a `batches` row may hold, read back through this schema (never cast), so readers
 * get a discriminated union. Row operations were stored after parsing, so their defaults are set.
 */
export const storedOperationSchema = z.discriminatedUnion("type", [...operationSchema.options, exportOperationSchema, fetchOperationSchema, revertOperationSchema]);
export type StoredOperation = z.output<typeof storedOperationSchema>;
export type OperationType = StoredOperation["type"];

// Items as stored: validated on the way in, read back leniently so a batch stored under older rules
// (longer keys, other values) stays readable.
const item = z.record(z.string(), z.unknown());

/** Every target a `batches` row may hold: the row engine's, a selection's, or a revert's source batch. */
export const storedTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ids"), ids: z.array(z.number()) }),
  z.object({ kind: z.literal("filter"), selection: rowSelectionSchema, excludeIds: z.array(z.number()).default([]) }),
  z.object({ kind: z.literal("naturalKeys"), keys: z.array(item) }),
  z.object({ kind: z.literal("items"), items: z.array(item) }),
  z.object({ kind: z.literal("batch"), batchId: z.uuid() }),
]);
export type StoredTarget = z.output<typeof storedTargetSchema>;
