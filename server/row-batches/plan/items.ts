import type { FieldDef, ResourceDef } from "../../resources/types";
import { coerceValue } from "../../resources/values";

export type ItemError = { code: string; field: string | null; message: string };
export type NormalizedItem = { values: Record<string, unknown>; errors: ItemError[] };

/**
 * Checks each submitted item's fields against the registry: unknown and read-only fields and values
 * of the wrong type become per-item errors (the item's index is kept, as bulk-create APIs report).
 * `allowed` limits which fields may appear (natural keys only, for delete by key).
 */
export function normalizeItems(res: ResourceDef, items: Record<string, unknown>[], allowed?: readonly string[]): NormalizedItem[] {
  const byName = new Map(res.fields.map((f) => [f.name, f]));
  return items.map((item) => {
    const values: Record<string, unknown> = {};
    const errors: ItemError[] = [];
    for (const [key, raw] of Object.entries(item)) {
      const field: FieldDef | undefined = byName.get(key);
      if (!field || (allowed && !allowed.includes(key))) {
        errors.push({ code: "UNKNOWN_FIELD", field: key, message: `"${key}" is not a field this operation accepts.` });
        continue;
      }
      if (field.readOnly) {
        errors.push({ code: "READ_ONLY_FIELD", field: key, message: `${field.label} is read-only.` });
        continue;
      }
      const coerced = coerceValue(field, raw);
      if (!coerced.ok) {
        errors.push({ code: "FIELD_TYPE_MISMATCH", field: key, message: coerced.message });
        continue;
      }
      values[key] = coerced.value instanceof Date ? coerced.value.toISOString() : coerced.value;
    }
    return { values, errors };
  });
}

/**
 * An item that leaves out part of the natural key (or gives it no value) could match no row, or by
 * a partial key the wrong one: it is refused per item, naming each missing key field.
 */
export function missingKeyErrors(res: ResourceDef, item: Record<string, unknown>): ItemError[] {
  return (res.naturalKey ?? [])
    .filter((k) => item[k] === undefined || item[k] === null || item[k] === "")
    .map((k) => {
      const field = res.fields.find((f) => f.name === k);
      return { code: "MISSING_KEY", field: k, message: `${field?.label ?? k} is part of the key that finds the row; give it a value.` };
    });
}
