"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { toast } from "sonner";
import { safeErrorMessage } from "@/components/errors/safe-error-message";
import { useTRPC } from "@/components/providers/trpc";
import { fieldErrors } from "@/components/users/field-errors";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { DEFAULT_OPTIONS, OPTION_BOUNDS } from "@/server/contracts/batch";
import { PARAM_TYPES, type ParamType, type TemplateParameter } from "@/server/contracts/templates";
import type { TemplateRow } from "./types";

/** A parameter as the form holds it: every field as typed. */
type ParamDraft = { key: number; name: string; type: ParamType; required: boolean; default: string; description: string; enumValues: string };

let nextKey = 0;
const draftOf = (p: TemplateParameter): ParamDraft => ({
  key: nextKey++,
  name: p.name,
  type: p.type,
  required: p.required,
  default: p.default === undefined ? "" : String(p.default),
  description: p.description ?? "",
  enumValues: p.enum?.join(", ") ?? "",
});

/** The default as the parameter's type stores it (the server checks it against the type). */
function defaultOf(d: ParamDraft): TemplateParameter["default"] {
  if (d.default.trim() === "") return undefined;
  if (d.type === "number" && Number.isFinite(Number(d.default))) return Number(d.default);
  if (d.type === "boolean" && (d.default === "true" || d.default === "false")) return d.default === "true";
  return d.default;
}

function parameterOf(d: ParamDraft): TemplateParameter {
  const values = d.enumValues
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
  const dflt = defaultOf(d);
  return {
    name: d.name.trim(),
    type: d.type,
    required: d.required,
    ...(dflt !== undefined ? { default: dflt } : {}),
    ...(d.description.trim() ? { description: d.description.trim() } : {}),
    ...((d.type === "enum" || d.type === "string") && values.length ? { enum: values } : {}),
  };
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

/** What a new template starts from: rows given at each run, restored (replace both with what it should do). */
const BLANK = {
  target: { kind: "idsAtRun" },
  operation: { type: "update", changes: [{ op: "set", field: "title", value: "${title}" }] },
  parameters: [{ name: "title", type: "string", required: true, description: "The title to set" }] as TemplateParameter[],
};

/**
 * Edits a template into its next version, or (without `template`) saves a new one from scratch:
 * name, description, parameters, the target and operation as stored (JSON, `${param}` placeholders
 * allowed) and the run options. The server checks the whole version (shapes, placeholders declared,
 * the role may run it); its field errors show by their fields.
 */
export function TemplateForm({ template, onDone, onCreated }: { template?: TemplateRow; onDone: () => void; onCreated?: (id: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const creating = template === undefined;
  const meta = useQuery({ ...trpc.resources.meta.queryOptions(), staleTime: 5 * 60_000, enabled: creating });
  const [resource, setResource] = useState("letters");
  const [name, setName] = useState(template?.name ?? "");
  const [description, setDescription] = useState(template?.description ?? "");
  const [params, setParams] = useState<ParamDraft[]>(() => (template?.parameters ?? BLANK.parameters).map(draftOf));
  const [target, setTarget] = useState(() => pretty(template?.target ?? BLANK.target));
  const [operation, setOperation] = useState(() => pretty(template?.operation ?? BLANK.operation));
  const [options, setOptions] = useState(template?.options ?? DEFAULT_OPTIONS);
  const [jsonError, setJsonError] = useState<Record<string, string>>({});
  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.templates.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.templates.get.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.templates.versions.queryKey() }),
    ]);
  const update = useMutation(
    trpc.templates.update.mutationOptions({
      onSuccess: async (t) => {
        toast.success(`Saved “${t.name}” as version ${t.version}`);
        await invalidate();
        onDone();
      },
    }),
  );
  const create = useMutation(
    trpc.templates.create.mutationOptions({
      onSuccess: async (t) => {
        toast.success(`Saved “${t.name}”`);
        await invalidate();
        onCreated?.(t.id);
      },
    }),
  );
  const save = creating ? create : update;
  const errors = { ...fieldErrors(save.error), ...jsonError };
  const otherError = save.isError && Object.keys(fieldErrors(save.error)).length === 0 ? safeErrorMessage(save.error, "The template could not be saved.") : null;
  const setParam = (key: number, patch: Partial<ParamDraft>) => setParams(params.map((p) => (p.key === key ? { ...p, ...patch } : p)));

  const submit = () => {
    const parsed: Record<string, unknown> = {};
    const bad: Record<string, string> = {};
    for (const [field, textValue] of [["target", target], ["operation", operation]] as const) {
      try {
        parsed[field] = JSON.parse(textValue);
      } catch {
        bad[field] = "Not valid JSON.";
      }
    }
    setJsonError(bad);
    if (Object.keys(bad).length) return;
    const body = {
      name,
      description,
      parameters: params.map(parameterOf),
      // The server checks both shapes (with placeholders put in) before it saves anything.
      target: parsed.target as TemplateRow["target"],
      operation: parsed.operation as TemplateRow["operation"],
      options,
    };
    if (template) update.mutate({ templateId: template.id, ...body });
    else create.mutate({ resource, ...body });
  };

  const field = (f: string) => ({ "aria-invalid": errors[f] ? true : undefined, "aria-describedby": errors[f] ? `${id}-${f}-error` : undefined });
  const number = (key: keyof typeof OPTION_BOUNDS, label: string) => (
    <div>
      <Label htmlFor={`${id}-${key}`}>{label}</Label>
      <Input
        id={`${id}-${key}`}
        type="number"
        className="mt-1.5"
        min={OPTION_BOUNDS[key].min}
        max={OPTION_BOUNDS[key].max}
        value={options[key]}
        onChange={(e) => setOptions({ ...options, [key]: Number(e.target.value) })}
        {...field(`options.${key}`)}
      />
      <FieldError id={`${id}-options.${key}-error`}>{errors[`options.${key}`]}</FieldError>
    </div>
  );

  return (
    <form
      aria-label={creating ? "New template" : "Edit template"}
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        if (!save.isPending) submit();
      }}
    >
      <Card className="space-y-4 px-5 py-4">
        {creating ? (
          <div>
            <Label htmlFor={`${id}-resource`}>Resource</Label>
            <Select id={`${id}-resource`} className="mt-1.5 w-full sm:w-72" value={resource} onChange={(e) => setResource(e.target.value)} {...field("resource")}>
              {(meta.data ?? [{ name: "letters", label: "Letters" }]).map((r) => (
                <option key={r.name} value={r.name}>
                  {r.label}
                </option>
              ))}
            </Select>
            <FieldError id={`${id}-resource-error`}>{errors.resource}</FieldError>
          </div>
        ) : null}
        <div>
          <Label htmlFor={`${id}-name`}>Name</Label>
          <Input id={`${id}-name`} className="mt-1.5" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} {...field("name")} />
          <FieldError id={`${id}-name-error`}>{errors.name}</FieldError>
        </div>
        <div>
          <Label htmlFor={`${id}-description`}>Description</Label>
          <Textarea id={`${id}-description`} className="mt-1.5" value={description} maxLength={2000} onChange={(e) => setDescription(e.target.value)} {...field("description")} />
          <FieldError id={`${id}-description-error`}>{errors.description}</FieldError>
        </div>
      </Card>

      <Card className="space-y-3 px-5 py-4">
        <div className="flex items-center justify-between">
          <h2 className="text-sm font-semibold text-slate-900">Parameters</h2>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => setParams([...params, { key: nextKey++, name: "", type: "string", required: false, default: "", description: "", enumValues: "" }])}
          >
            <Plus aria-hidden />
            Add parameter
          </Button>
        </div>
        <p className="text-xs text-slate-500">
          Refer to a parameter as <code>{"${name}"}</code> in the target&apos;s filter values and the operation&apos;s values.
        </p>
        {params.length === 0 ? <p className="text-sm text-slate-600">No parameters.</p> : null}
        <FieldError id={`${id}-parameters-error`}>{errors.parameters}</FieldError>
        {params.map((p, i) => {
          const pid = `${id}-p${p.key}`;
          const err = (f: string) => errors[`parameters.${i}.${f}`];
          return (
            <fieldset key={p.key} className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-6" aria-label={`Parameter ${i + 1}`}>
              <div className="sm:col-span-2">
                <Label htmlFor={`${pid}-name`}>Name</Label>
                <Input id={`${pid}-name`} className="mt-1.5" value={p.name} onChange={(e) => setParam(p.key, { name: e.target.value })} aria-invalid={err("name") ? true : undefined} />
                <FieldError id={`${pid}-name-error`}>{err("name")}</FieldError>
              </div>
              <div>
                <Label htmlFor={`${pid}-type`}>Type</Label>
                <Select id={`${pid}-type`} className="mt-1.5 w-full" value={p.type} onChange={(e) => setParam(p.key, { type: e.target.value as ParamType })}>
                  {PARAM_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </Select>
              </div>
              <div className="sm:col-span-2">
                <Label htmlFor={`${pid}-default`}>Default</Label>
                <Input id={`${pid}-default`} className="mt-1.5" value={p.default} onChange={(e) => setParam(p.key, { default: e.target.value })} aria-invalid={err("default") ? true : undefined} />
                <FieldError id={`${pid}-default-error`}>{err("default")}</FieldError>
              </div>
              <div className="flex items-end gap-3 pb-2">
                <label className="flex items-center gap-2 text-sm text-slate-700">
                  <Checkbox checked={p.required} onChange={(e) => setParam(p.key, { required: e.target.checked })} />
                  Required
                </label>
                <Button size="sm" variant="ghost" onClick={() => setParams(params.filter((x) => x.key !== p.key))} aria-label={`Remove parameter ${p.name || i + 1}`}>
                  <Trash2 aria-hidden />
                </Button>
              </div>
              <div className="sm:col-span-3">
                <Label htmlFor={`${pid}-description`}>Description</Label>
                <Input id={`${pid}-description`} className="mt-1.5" value={p.description} onChange={(e) => setParam(p.key, { description: e.target.value })} />
              </div>
              {p.type === "enum" || p.type === "string" ? (
                <div className="sm:col-span-3">
                  <Label htmlFor={`${pid}-enum`}>Allowed values{p.type === "string" ? " (optional)" : ""}, comma-separated</Label>
                  <Input id={`${pid}-enum`} className="mt-1.5" value={p.enumValues} onChange={(e) => setParam(p.key, { enumValues: e.target.value })} aria-invalid={err("enum") ? true : undefined} />
                  <FieldError id={`${pid}-enum-error`}>{err("enum")}</FieldError>
                </div>
              ) : null}
            </fieldset>
          );
        })}
      </Card>

      <Card className="space-y-4 px-5 py-4">
        <h2 className="text-sm font-semibold text-slate-900">What it runs</h2>
        <div>
          <Label htmlFor={`${id}-target`}>Target (JSON: a filter, fixed ids, or ids given at run)</Label>
          <Textarea id={`${id}-target`} className="mt-1.5 font-mono text-xs" rows={8} value={target} onChange={(e) => setTarget(e.target.value)} spellCheck={false} {...field("target")} />
          <FieldError id={`${id}-target-error`}>{errors.target}</FieldError>
        </div>
        <div>
          <Label htmlFor={`${id}-operation`}>Operation (JSON)</Label>
          <Textarea id={`${id}-operation`} className="mt-1.5 font-mono text-xs" rows={8} value={operation} onChange={(e) => setOperation(e.target.value)} spellCheck={false} {...field("operation")} />
          <FieldError id={`${id}-operation-error`}>{errors.operation}</FieldError>
        </div>
      </Card>

      <Card className="grid gap-4 px-5 py-4 sm:grid-cols-5">
        <div>
          <Label htmlFor={`${id}-validation`}>Validation</Label>
          <Select id={`${id}-validation`} className="mt-1.5 w-full" value={options.validation} onChange={(e) => setOptions({ ...options, validation: e.target.value as typeof options.validation })}>
            <option value="lenient">lenient (skip invalid rows)</option>
            <option value="strict">strict (invalid rows block)</option>
          </Select>
        </div>
        <div>
          <Label htmlFor={`${id}-onError`}>On error</Label>
          <Select id={`${id}-onError`} className="mt-1.5 w-full" value={options.onError} onChange={(e) => setOptions({ ...options, onError: e.target.value as typeof options.onError })}>
            <option value="skip">skip the row</option>
            <option value="abort">abort the batch</option>
          </Select>
        </div>
        {number("chunkSize", "Chunk size")}
        {number("maxParallel", "Max parallel")}
        {number("retries", "Retries")}
      </Card>

      {otherError ? <p className="text-sm text-red-700" role="alert">{otherError}</p> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone} disabled={save.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : creating ? "Save template" : "Save as new version"}
        </Button>
      </div>
    </form>
  );
}
