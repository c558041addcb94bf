"use client";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { TemplateParameter } from "@/server/contracts/templates";

/** The text a parameter's field starts with: its default, as typed. */
export const initialParamText = (p: TemplateParameter) => (p.default === undefined ? "" : String(p.default));

/** The values to send: blank fields left out, so the server applies defaults and required-checks. */
export const paramsToSend = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ""));

/** "12, 15 20" → [12, 15, 20]: the row ids a field of ids lists. */
export const parseIds = (text: string) =>
  text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);

/**
 * One field per template parameter, typed by the parameter (a select for enums and booleans, a
 * number or date input, else text); `errors` are keyed `params.<name>` as the server sends them.
 */
export function ParameterFields({
  idPrefix,
  parameters,
  values,
  onChange,
  errors,
}: {
  idPrefix: string;
  parameters: TemplateParameter[];
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
  errors: Record<string, string>;
}) {
  return (
    <>
      {parameters.map((p) => {
        const fid = `${idPrefix}-${p.name}`;
        const err = errors[`params.${p.name}`];
        const set = (v: string) => onChange({ ...values, [p.name]: v });
        const choices = p.type === "boolean" ? ["true", "false"] : p.enum;
        return (
          <div key={p.name}>
            <Label htmlFor={fid}>
              {p.name}
              {p.required ? <span className="text-red-700"> *</span> : null}
              <span className="ml-2 text-xs font-normal text-slate-500">{p.type}</span>
            </Label>
            {choices ? (
              <Select id={fid} className="mt-1.5 w-full" value={values[p.name] ?? ""} onChange={(e) => set(e.target.value)} aria-describedby={err ? `${fid}-error` : undefined}>
                <option value="">{p.required ? "Choose…" : "(none)"}</option>
                {choices.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </Select>
            ) : (
              <Input
                id={fid}
                className="mt-1.5"
                type={p.type === "number" ? "number" : p.type === "date" ? "date" : "text"}
                step={p.type === "number" ? "any" : undefined}
                value={values[p.name] ?? ""}
                onChange={(e) => set(e.target.value)}
                aria-invalid={err ? true : undefined}
                aria-describedby={err ? `${fid}-error` : undefined}
              />
            )}
            {p.description ? <p className="mt-1 text-xs text-slate-500">{p.description}</p> : null}
            <FieldError id={`${fid}-error`}>{err}</FieldError>
          </div>
        );
      })}
    </>
  );
}
