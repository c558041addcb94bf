import { z } from "zod";
import { FORBIDDEN_KEYS } from "./plain-json";
import { NAME_MAX, text } from "./text";

/** Longest text one field value (a CSV cell, a per-row value, a value to set) may be. */
export const MAX_VALUE_LENGTH = 100_000;
/** Options one multi-select value may list. */
export const MAX_LIST_VALUES = 1_000;
/** Fields one submitted item (a CSV row, a natural key) may name; no resource has nearly as many. */
export const MAX_ITEM_FIELDS = 200;

/** A JSON scalar as a field value: text, a finite number, true/false, or null (no value). */
export const scalarValueSchema = z.union([text(MAX_VALUE_LENGTH), z.number(), z.boolean(), z.null()]);

/**
 * A value a client puts in a field: a scalar, or a list of them (multi-select). Never an object:
 * no field type stores one, and this keeps BigInt, Date, Map and Set (which superjson could
 * otherwise deliver) out too. Whether it fits the field is checked per row by the planner.
 */
export const fieldValueSchema = z.union([scalarValueSchema, z.array(scalarValueSchema).max(MAX_LIST_VALUES)]);

/** A field name as a key of an item: bounded, and never one of the prototype's. */
const itemKey = text(NAME_MAX).refine((k) => !FORBIDDEN_KEYS.includes(k), { message: "This name is not allowed as a field." });

/** One submitted row (create, upsert) or natural key: field name → value. Unknown fields are reported per row. */
export const itemSchema = z
  .record(itemKey, fieldValueSchema)
  .refine((item) => Object.keys(item).length <= MAX_ITEM_FIELDS, { message: `An item may name at most ${MAX_ITEM_FIELDS} fields.` });
export type FieldValue = z.infer<typeof fieldValueSchema>;
