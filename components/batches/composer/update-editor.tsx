"use client";
import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { FieldMeta } from "@/components/resources/types";
import { blankChange, CHANGE_OP_LABEL, changeOpsFor, type ChangeDraft, type ChangeOp, type FormErrors } from "./build-operation";

const NUMERIC = new Set(["number", "currency", "percent", "rating"]);

/** One row per field to change: field, how to change it, and a value input that fits its type. */
export function UpdateEditor({
  fields,
  changes,
  onChange,
  errors,
}: {
  fields: FieldMeta[];
  changes: ChangeDraft[];
  onChange: (c: ChangeDraft[]) => void;
  errors: FormErrors;
}) {
  const nextKey = () => Math.max(0, ...changes.map((c) => c.key)) + 1;
  const unused = fields.find((f) => !changes.some((c) => c.field === f.name)) ?? fields[0]!;
  const replace = (key: number, patch: Partial<ChangeDraft>) => onChange(changes.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">Changes</legend>
      <p className="mt-0.5 text-xs text-slate-500">Each selected row gets every change below.</p>
      <ul className="mt-3 space-y-3">
        {changes.map((c, i) => {
          const field = fields.find((f) => f.name === c.field) ?? fields[0]!;
          const base = `change-${c.key}`;
          return (
            <li key={c.key} className="rounded-md border border-slate-200 p-3" aria-label={`Change ${i + 1}`}>
              <div className="flex flex-wrap items-center gap-2">
                <Select
                  size="sm"
                  aria-label={`Field for change ${i + 1}`}
                  value={c.field}
                  onChange={(e) => {
                    const f = fields.find((x) => x.name === e.target.value);
                    if (f) replace(c.key, blankChange(c.key, f));
                  }}
                >
                  {fields.map((f) => (
                    <option key={f.name} value={f.name}>
                      {f.label}
                    </option>
                  ))}
                </Select>
                <Select
                  size="sm"
                  aria-label={`How to change ${field.label}`}
                  value={c.op}
                  onChange={(e) => replace(c.key, { op: e.target.value as ChangeOp, value: field.type === "boolean" ? "true" : "" })}
                >
                  {changeOpsFor(field).map((op) => (
                    <option key={op} value={op}>
                      {CHANGE_OP_LABEL[op]}
                    </option>
                  ))}
                </Select>
                <button
                  type="button"
                  aria-label={`Remove change ${i + 1}`}
                  onClick={() => onChange(changes.filter((x) => x.key !== c.key))}
                  className="ml-auto rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-slate-900"
                >
                  <X aria-hidden className="size-4" />
                </button>
              </div>
              <div className="mt-2">
                <ValueInput field={field} change={c} base={base} onPatch={(p) => replace(c.key, p)} errors={errors} />
              </div>
              <FieldError id={`${base}-field-error`}>{errors[`changes.${c.key}.field`]}</FieldError>
            </li>
          );
        })}
      </ul>
      <FieldError id="changes-error">{errors.changes}</FieldError>
      {changes.length < fields.length ? (
        <Button variant="secondary" size="sm" className="mt-3" onClick={() => onChange([...changes, blankChange(nextKey(), unused)])}>
          <Plus aria-hidden />
          Add a change
        </Button>
      ) : null}
    </fieldset>
  );
}

function ValueInput({
  field,
  change,
  base,
  onPatch,
  errors,
}: {
  field: FieldMeta;
  change: ChangeDraft;
  base: string;
  onPatch: (p: Partial<ChangeDraft>) => void;
  errors: FormErrors;
}) {
  const err = errors[`changes.${change.key}.value`];
  const aria = (suffix = "value", e = err) => ({
    id: `${base}-${suffix}`,
    "aria-invalid": e ? true : undefined,
    "aria-describedby": e ? `${base}-${suffix}-error` : undefined,
  });
  const label = `New ${field.label.toLowerCase()}`;

  if (change.op === "clear") return <p className="text-sm text-slate-500">{field.label} will be emptied.</p>;

  if (change.op === "replace") {
    const findErr = errors[`changes.${change.key}.find`];
    return (
      <div className="grid gap-2 sm:grid-cols-2">
        <div>
          <Input aria-label={`Find in ${field.label.toLowerCase()}`} placeholder="Find" value={change.find} onChange={(e) => onPatch({ find: e.target.value })} {...aria("find", findErr)} />
          <FieldError id={`${base}-find-error`}>{findErr}</FieldError>
        </div>
        <Input aria-label="Replace with" placeholder="Replace with (may be empty)" value={change.replaceWith} onChange={(e) => onPatch({ replaceWith: e.target.value })} id={`${base}-with`} />
      </div>
    );
  }

  let input: React.ReactNode;
  if (change.op === "addOption" || change.op === "removeOption" || (field.options && field.type !== "multiSelect")) {
    input = (
      <Select aria-label={change.op === "set" ? label : CHANGE_OP_LABEL[change.op]} value={change.value} onChange={(e) => onPatch({ value: e.target.value })} {...aria()}>
        <option value="">Choose…</option>
        {(field.options ?? []).map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </Select>
    );
  } else if (field.type === "multiSelect") {
    const picked = new Set(change.values);
    input = (
      <fieldset className="flex flex-wrap gap-x-3 gap-y-1.5">
        <legend className="sr-only">{label}</legend>
        {(field.options ?? []).map((o) => (
          <label key={o} className="flex items-center gap-1.5 text-sm text-slate-700">
            <Checkbox
              checked={picked.has(o)}
              onChange={(e) => {
                const next = new Set(picked);
                if (e.target.checked) next.add(o);
                else next.delete(o);
                onPatch({ values: (field.options ?? []).filter((x) => next.has(x)) });
              }}
            />
            {o}
          </label>
        ))}
      </fieldset>
    );
  } else if (field.type === "boolean") {
    input = (
      <Select aria-label={label} value={change.value} onChange={(e) => onPatch({ value: e.target.value })} {...aria()}>
        <option value="true">Yes</option>
        <option value="false">No</option>
      </Select>
    );
  } else {
    const numeric = NUMERIC.has(field.type) || change.op !== "set";
    const type = numeric ? "number" : field.type === "datetime" ? "datetime-local" : field.type === "date" ? "date" : "text";
    const hint =
      change.op === "set" && numeric && (field.min !== undefined || field.max !== undefined)
        ? `${field.min ?? "…"} to ${field.max ?? "…"}`
        : change.op === "set" && field.patternHint
          ? field.patternHint
          : change.op === "set" && field.max
            ? `Up to ${field.max} characters`
            : undefined;
    input = (
      <>
        <Input
          aria-label={change.op === "set" ? label : `${CHANGE_OP_LABEL[change.op]} (${field.label.toLowerCase()})`}
          type={type}
          step={numeric ? "any" : undefined}
          value={change.value}
          onChange={(e) => onPatch({ value: e.target.value })}
          {...aria()}
        />
        {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      </>
    );
  }
  return (
    <div>
      {input}
      <FieldError id={`${base}-value-error`}>{err}</FieldError>
    </div>
  );
}
