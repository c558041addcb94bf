import { z } from "zod";
import { MAX_PURGE_AGE_HOURS } from "../batches/purge";
import { ARCHIVE_LOCATION_MAX, REASON_MAX } from "../contracts/batch";
import { EXPORT_FORMATS, MAX_EXPORT_FIELDS } from "../contracts/exports";
import { rowIdSchema } from "../contracts/ids";
import { NAME_MAX, nameSchema, storable, text } from "../contracts/text";
import { fieldValueSchema, itemSchema, MAX_ITEM_FIELDS } from "../contracts/values";

// The request bodies of the OpenPenPal batch API (seed 000), as the seed prints them: strict (a
// misspelt key is refused, not ignored) and bounded. How many targets one call may name is a
// setting (SEED_BATCH_MAX_TARGETS), checked after parsing with the seed's own wording; the bound
// here only keeps a parse of an absurd body cheap.

const PARSE_BOUND = 100_000;

/** A target as scripts send it: a number, or its decimal digits as a string ("17"); echoed back as sent. */
export const targetIdSchema = z.union([
  rowIdSchema,
  z
    .string()
    .regex(/^[1-9]\d{0,9}$/, "A target id is a positive whole number, as a number or as a string of digits.")
    .refine((s) => Number(s) <= 2_147_483_647, "Row ids go up to 2147483647."),
]);
export type TargetId = z.output<typeof targetIdSchema>;

const targetIds = z.array(targetIdSchema).min(1, "target_ids must name at least one target.").max(PARSE_BOUND);
const reason = storable(z.string().trim().min(1).max(REASON_MAX));
const fieldList = z.array(nameSchema.min(1)).min(1).max(MAX_EXPORT_FIELDS);

/** The seed's target types that are Batchdesk resources (users and drafts are not). */
export const TARGET_TYPES = ["letters", "products", "orders", "plaza_posts", "museum_items"] as const;
export type TargetType = (typeof TARGET_TYPES)[number];
export const targetTypeSchema = z.enum(TARGET_TYPES, { error: `target_type must be one of ${TARGET_TYPES.join(", ")}.` });

/** The seed's operations, in its words. */
export const SEED_OPERATIONS = ["delete", "update", "status_update", "export", "archive", "restore", "bulk_create"] as const;
export type SeedOperation = (typeof SEED_OPERATIONS)[number];

export const deleteData = z.strictObject({ soft_delete: z.boolean().default(true), delete_reason: reason.optional() });
export const updateData = z.strictObject({
  /** Field (our API name) → the value to set. */
  updates: z
    .record(text(NAME_MAX).min(1), fieldValueSchema)
    .refine((u) => Object.keys(u).length >= 1 && Object.keys(u).length <= MAX_ITEM_FIELDS, `updates names 1 to ${MAX_ITEM_FIELDS} fields.`),
});
export const statusData = z.strictObject({ new_status: nameSchema.min(1), reason: reason.optional(), force: z.boolean().default(false) });
export const archiveData = z.strictObject({
  archive_reason: reason.optional(),
  archive_location: storable(z.string().trim().max(ARCHIVE_LOCATION_MAX)).optional(),
});
export const restoreData = z.strictObject({});
export const exportData = z.strictObject({
  export_format: z.enum(EXPORT_FORMATS).default("json"),
  include_fields: fieldList.optional(),
  exclude_fields: z.array(nameSchema.min(1)).max(MAX_EXPORT_FIELDS).optional(),
});
export const bulkCreateData = z.strictObject({
  items: z.array(itemSchema).min(1, "items must hold at least one item.").max(PARSE_BOUND),
  /** Batchdesk validates every row whatever this says: a row that fails is reported, never written. */
  skip_validation: z.boolean().default(false),
  /** false: one invalid item blocks the whole batch (strict); true: invalid items are skipped. */
  continue_on_error: z.boolean().default(true),
});

const common = { target_type: targetTypeSchema, dry_run: z.boolean().default(false) };

/** `POST /api/batch/execute` and `/validate`: the operation decides what `operation_data` holds. */
export const executeBodySchema = z.discriminatedUnion(
  "operation",
  [
    z.strictObject({ operation: z.literal("delete"), target_ids: targetIds, operation_data: deleteData.default({ soft_delete: true }), ...common }),
    z.strictObject({ operation: z.literal("update"), target_ids: targetIds, operation_data: updateData, ...common }),
    z.strictObject({ operation: z.literal("status_update"), target_ids: targetIds, operation_data: statusData, ...common }),
    z.strictObject({ operation: z.literal("archive"), target_ids: targetIds, operation_data: archiveData.default({}), ...common }),
    z.strictObject({ operation: z.literal("restore"), target_ids: targetIds, operation_data: restoreData.default({}), ...common }),
    z.strictObject({ operation: z.literal("export"), target_ids: targetIds, operation_data: exportData.default({ export_format: "json" }), ...common }),
    // Items to create are the targets: target_ids has no meaning here and is refused if sent.
    z.strictObject({ operation: z.literal("bulk_create"), operation_data: bulkCreateData, ...common }),
  ],
  { error: `operation must be one of ${SEED_OPERATIONS.join(", ")}.` },
);
export type ExecuteBody = z.output<typeof executeBodySchema>;

/** `POST /api/batch/{letters,products}/delete`. */
export const deleteBodySchema = z.strictObject({ target_ids: targetIds, ...deleteData.shape });
/** `POST /api/batch/{letters,products}/status`. */
export const statusBodySchema = z.strictObject({ target_ids: targetIds, ...statusData.shape });
/** `POST /api/batch/archive?target_type=`. */
export const archiveBodySchema = z.strictObject({ target_ids: targetIds, ...archiveData.shape });
/** `POST /api/batch/restore?target_type=`. */
export const restoreBodySchema = z.strictObject({ target_ids: targetIds });
/** `POST /api/batch/export?target_type=`. */
export const exportBodySchema = z.strictObject({ target_ids: targetIds, ...exportData.shape });
/** `POST /api/batch/bulk-create?target_type=`. */
export const bulkCreateBodySchema = bulkCreateData;

/** `?target_type=` of the per-operation endpoints. */
export const targetTypeQuerySchema = z.strictObject({ target_type: targetTypeSchema });

/** `POST /api/batch/admin/cleanup?older_than_hours=` (whole hours; 24 when left out). */
export const cleanupQuerySchema = z.strictObject({
  older_than_hours: z
    .string()
    .regex(/^\d{1,6}$/, "older_than_hours is a whole number of hours.")
    .transform(Number)
    .pipe(z.number().max(MAX_PURGE_AGE_HOURS, `older_than_hours goes up to ${MAX_PURGE_AGE_HOURS} (ten years).`))
    .default(24),
});

/** `GET /api/batch/admin/jobs?page=&page_size=`. */
export const jobsQuerySchema = z.strictObject({
  page: z.string().regex(/^[1-9]\d{0,5}$/, "page is a whole number from 1.").transform(Number).default(1),
  page_size: z
    .string()
    .regex(/^\d{1,3}$/, "page_size is a whole number from 1 to 100.")
    .transform(Number)
    .pipe(z.number().min(1, "page_size is a whole number from 1 to 100.").max(100, "page_size is a whole number from 1 to 100."))
    .default(25),
});
