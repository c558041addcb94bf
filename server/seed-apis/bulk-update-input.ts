import { z } from "zod";
import { FILTER_OPS, MAX_FILTER_DEPTH, MAX_FILTER_WIDTH, type Condition, type FilterGroup } from "../contracts/filter";
import { rowIdSchema } from "../contracts/ids";
import { FORBIDDEN_KEYS } from "../contracts/plain-json";
import { NAME_MAX, nameSchema, text } from "../contracts/text";
import { fieldValueSchema, MAX_ITEM_FIELDS, MAX_LIST_VALUES, scalarValueSchema } from "../contracts/values";

// Seed 002's `BulkUpdate[]`, strict: a target names its rows (row / rows / condition) and either a
// field with a value or delete; a value is a scalar, an object (field → value) or an array (one
// value per row). Shapes are refused here; fields and values are checked against the resource's
// metadata by the adapter, rows by the engine.

/** BulkUpdates one request may hold (each becomes one previewed batch). */
export const MAX_BULK_UPDATES = 100;
/** Rows one `rows` target may list. */
export const MAX_TARGET_ROWS = 10_000;

/** The seed's row ids are strings ("row-1"); ours are numbers, sent as numbers or as digits. */
const rowRef = z.union([rowIdSchema, z.string().regex(/^\d{1,10}$/, "A row is named by its numeric id.").transform(Number).pipe(rowIdSchema)]);

const OPERATORS = [...FILTER_OPS, "ne"] as const;
const seedCondition = z.strictObject({
  field: nameSchema.min(1),
  operator: z.enum(OPERATORS),
  value: z.union([scalarValueSchema, z.array(scalarValueSchema).max(MAX_LIST_VALUES)]).optional(),
});
type SeedCondition = z.infer<typeof seedCondition>;
type SeedGroup = { logic: "and" | "or"; conditions: (SeedCondition | SeedGroup)[] };

// One schema per level, as contracts/filter's groups: the depth limit is part of the shape.
function groupAt(level: number): z.ZodType<SeedGroup> {
  const member = level >= MAX_FILTER_DEPTH ? seedCondition : z.union([seedCondition, groupAt(level + 1)]);
  return z.strictObject({ logic: z.enum(["and", "or"]), conditions: z.array(member).min(1).max(MAX_FILTER_WIDTH) });
}

/** The seed's condition as our filter (operators by our names; "ne" is our "neq"). */
export function toFilter(group: SeedGroup): FilterGroup {
  return {
    combinator: group.logic,
    conditions: group.conditions.map((c): Condition | FilterGroup =>
      "logic" in c ? toFilter(c) : { field: c.field, op: c.operator === "ne" ? "neq" : c.operator, ...(c.value === undefined ? {} : { value: c.value }) },
    ),
  };
}

const targetSchema = z.strictObject({
  row: rowRef.optional(),
  rows: z.array(rowRef).min(1).max(MAX_TARGET_ROWS).optional(),
  condition: groupAt(1).optional(),
  field: nameSchema.min(1).optional(),
  property: nameSchema.min(1).optional(),
  properties: z.literal(true).optional(),
  delete: z.literal(true).optional(),
});

const key = text(NAME_MAX).refine((k) => !FORBIDDEN_KEYS.includes(k), { message: "This name is not allowed as a field." });
const objectValue = z.record(key, fieldValueSchema).refine((o) => Object.keys(o).length > 0 && Object.keys(o).length <= MAX_ITEM_FIELDS, {
  message: `An object value names 1 to ${MAX_ITEM_FIELDS} fields.`,
});
/** A scalar, an object of fields, or an array (one value per row, or a multi-select's list). */
const valueSchema = z.union([scalarValueSchema, z.array(fieldValueSchema).max(MAX_TARGET_ROWS), objectValue]);

export const bulkUpdateSchema = z.strictObject({ target: targetSchema, value: valueSchema.optional() });
export type BulkUpdate = z.output<typeof bulkUpdateSchema>;

export const bulkUpdatesSchema = z.array(bulkUpdateSchema).min(1, "Send at least one BulkUpdate.").max(MAX_BULK_UPDATES, `At most ${MAX_BULK_UPDATES} BulkUpdates per request.`);

/** `?requestId=` names the change request to add the changes to. */
export const bulkQuerySchema = z.strictObject({ requestId: nameSchema.min(1).optional() });
