import { ident } from "../../sql/params";
import type { FieldDef } from "../../resources/types";

/** SQL reading field `key` of a jsonb expression as the field's own type. */
export function fromJson(field: FieldDef, jsonExpr: string, key: string = field.name): string {
  const k = `'${key.replace(/'/g, "''")}'`;
  if (field.pg === "text[]") {
    return `(CASE WHEN jsonb_typeof(${jsonExpr}->${k}) = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(${jsonExpr}->${k})) END)`;
  }
  if (field.pg === "text") return `(${jsonExpr}->>${k})`;
  return `(${jsonExpr}->>${k})::${field.pg}`;
}

/** `jsonb_build_object` over fields, each value taken from `valueOf(field)`; keys are API names. */
export function jsonObject(fields: readonly FieldDef[], valueOf: (f: FieldDef) => string): string {
  if (fields.length === 0) return "'{}'::jsonb";
  // jsonb_build_object takes at most 100 arguments: merge groups of 40 fields.
  const groups: string[] = [];
  for (let i = 0; i < fields.length; i += 40) {
    const slice = fields.slice(i, i + 40);
    groups.push(`jsonb_build_object(${slice.map((f) => `'${f.name}', ${valueOf(f)}`).join(", ")})`);
  }
  return groups.join(" || ");
}

/** Column aliases used inside plan queries for a field's before- and after-value. */
export const before = (f: FieldDef) => ident(`b:${f.name}`);
export const after = (f: FieldDef) => ident(`a:${f.name}`);
