import { z } from "zod";
import { EXPORT_FORMATS } from "../batch/schemas";
import { rowSelectionSchema } from "../resources/filter";
import { rowIdSchema } from "../resources/row-id";

export { EXPORT_FORMATS };
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const id = rowIdSchema;

/** What an export reads: picked ids, or a table's filter less the rows unticked after "select all". */
export const exportTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ids"), ids: z.array(id).min(1).max(1_000_000) }),
  z.object({ kind: z.literal("filter"), selection: rowSelectionSchema, excludeIds: z.array(id).max(100_000).default([]) }),
]);
export type ExportTarget = z.output<typeof exportTargetSchema>;

export const exportInputSchema = z.object({
  resource: z.string().min(1),
  target: exportTargetSchema,
  format: z.enum(EXPORT_FORMATS),
  /** Field names in file order; omitted: every field except the sensitive ones (unless includeSensitive). */
  fields: z.array(z.string().min(1)).min(1, "Pick at least one field.").max(200).optional(),
  /** Ask for sensitive fields too; only admins may. */
  includeSensitive: z.boolean().default(false),
});
export type ExportInput = z.input<typeof exportInputSchema>;

/** The `operation` an export batch stores: the engine's export shape plus the resolved fields and file name. */
export const exportOperationSchema = z.object({
  type: z.literal("export"),
  format: z.enum(EXPORT_FORMATS),
  fields: z.array(z.string()).min(1),
  includeSensitive: z.boolean(),
  fileName: z.string().min(1),
});
export type ExportOperation = z.output<typeof exportOperationSchema>;
