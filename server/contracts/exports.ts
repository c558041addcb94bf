import { z } from "zod";
import { selectionTargetSchema } from "./targets";
import { NAME_MAX, nameSchema } from "./text";

export const EXPORT_FORMATS = ["csv", "json", "jsonl", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Formats whose files open in spreadsheets, where a cell can run as a formula. */
export const SPREADSHEET_FORMATS: readonly ExportFormat[] = ["csv", "xlsx"];

export const EXPORT_FORMAT_LABEL: Record<ExportFormat, string> = { csv: "CSV", json: "JSON", jsonl: "JSON Lines", xlsx: "Excel (XLSX)" };

/** How long a written export (and any stored file) is kept before the cleanup deletes its bytes. */
export const FILE_RETENTION_DAYS = 7;

export const MAX_EXPORT_FIELDS = 200;

/** What an export reads: picked ids, or a table's filter less the rows unticked after "select all". */
export const exportTargetSchema = selectionTargetSchema(1_000_000);
export type ExportTarget = z.output<typeof exportTargetSchema>;

export const exportInputSchema = z.strictObject({
  resource: nameSchema.min(1),
  target: exportTargetSchema,
  format: z.enum(EXPORT_FORMATS),
  /** Field names in file order; omitted: every field except the sensitive ones (unless includeSensitive). */
  fields: z.array(nameSchema.min(1)).min(1, "Pick at least one field.").max(MAX_EXPORT_FIELDS).optional(),
  /** Ask for sensitive fields too; only admins may. */
  includeSensitive: z.boolean().default(false),
  /**
   * Keep text that starts like a formula (= + - @, tab, return) from running as one when the file is
   * opened in a spreadsheet: CSV cells get a leading ', XLSX cells Excel's quote prefix. On by default.
   */
  escapeFormulas: z.boolean().default(true),
});
export type ExportInput = z.input<typeof exportInputSchema>;

/**
 * The `operation` an export batch stores: the format, the resolved fields and the file name. Read
 * back from our own rows, so it keeps unknown keys' leniency (a later version may add one).
 */
export const exportOperationSchema = z.object({
  type: z.literal("export"),
  format: z.enum(EXPORT_FORMATS),
  fields: z.array(z.string().max(NAME_MAX)).min(1),
  includeSensitive: z.boolean(),
  escapeFormulas: z.boolean().default(true),
  /** Fields the export's creator may not read: its quick search skipped them (see policy.hiddenFields). */
  hiddenFields: z.array(z.string().max(100)).max(1000).default([]),
  fileName: z.string().min(1).max(1000),
});
export type ExportOperation = z.output<typeof exportOperationSchema>;
