"use client";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { FieldMeta } from "@/components/resources/types";
import { isNumeric, needsValue, type Condition } from "./filter-model";

export type CurrentUser = { id: string; name: string };

/** The value part of a condition, shaped by the field's type and the operator. */
export function ConditionValueInput({
  field,
  condition,
  onChange,
  me,
  idPrefix,
}: {
  field: FieldMeta;
  condition: Condition;
  onChange: (value: Condition["value"]) => void;
  me?: CurrentUser;
  idPrefix: string;
}) {
  const { op, value } = condition;
  if (!needsValue(op)) return null;
  const label = `${field.label} value`;
  const inputType = isNumeric(field) ? "number" : field.type === "date" || field.type === "datetime" ? "date" : "text";

  if (op === "in" && field.options) {
    const picked = new Set(Array.isArray(value) ? value.map(String) : []);
    return (
      <fieldset className="flex flex-wrap gap-x-3 gap-y-1.5">
        <legend className="sr-only">{label}</legend>
        {field.options.map((o) => (
          <label key={o} className="flex items-center gap-1.5 text-sm text-slate-700">
            <Checkbox
              checked={picked.has(o)}
              onChange={(e) => {
                const next = new Set(picked);
                if (e.target.checked) next.add(o);
                else next.delete(o);
                onChange(field.options!.filter((x) => next.has(x)));
              }}
            />
            {o}
          </label>
        ))}
      </fieldset>
    );
  }

  if (op === "between") {
    const pair = Array.isArray(value) ? value : ["", ""];
    const set = (i: 0 | 1, v: string) => onChange(i === 0 ? [v, String(pair[1] ?? "")] : [String(pair[0] ?? ""), v]);
    return (
      <span className="flex items-center gap-2">
        <Input id={`${idPrefix}-from`} aria-label={`${field.label} from`} type={inputType} step="any" value={String(pair[0] ?? "")} onChange={(e) => set(0, e.target.value)} className="h-8" />
        <span className="text-sm text-slate-500">and</span>
        <Input aria-label={`${field.label} to`} type={inputType} step="any" value={String(pair[1] ?? "")} onChange={(e) => set(1, e.target.value)} className="h-8" />
      </span>
    );
  }

  if (field.type === "boolean") {
    return (
      <Select size="sm" aria-label={label} value={String(value ?? "true")} onChange={(e) => onChange(e.target.value)}>
        <option value="true">yes</option>
        <option value="false">no</option>
      </Select>
    );
  }

  if (field.type === "user") {
    return (
      <Select size="sm" aria-label={label} value={String(value ?? "")} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        {me ? <option value={me.id}>Me ({me.name})</option> : null}
      </Select>
    );
  }

  if (field.options) {
    return (
      <Select size="sm" aria-label={label} value={String(value ?? "")} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        {field.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </Select>
    );
  }

  return (
    <Input
      id={`${idPrefix}-value`}
      aria-label={label}
      type={inputType}
      step="any"
      value={String(value ?? "")}
      onChange={(e) => onChange(e.target.value)}
      className="h-8"
      placeholder={inputType === "text" ? "Value" : undefined}
    />
  );
}
