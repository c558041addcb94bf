"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { toast } from "sonner";
import { MutationError } from "@/components/errors/mutation-error";
import { useTRPC } from "@/components/providers/trpc";
import { Checkbox } from "@/components/ui/checkbox";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { EXPORT_FORMAT_LABEL, EXPORT_FORMATS, FILE_RETENTION_DAYS, type ExportFormat } from "@/server/contracts/exports";
import { FormulaOption } from "./formula-option";
import type { ResourceMeta } from "./types";



function FieldsPicker({
  resource,
  picked,
  includeSensitive,
  onChange,
}: {
  resource: ResourceMeta;
  picked: ReadonlySet<string>;
  includeSensitive: boolean;
  onChange: (next: Set<string>) => void;
}) {
  const toggle = (name: string) => {
    const next = new Set(picked);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    onChange(next);
  };
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">Fields</legend>
      <div className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1.5 sm:grid-cols-3">
        {resource.fields.map((f) => {
          const locked = Boolean(f.sensitive) && !includeSensitive;
          return (
            <label key={f.name} className={`flex items-center gap-2 text-sm ${locked ? "text-slate-400" : "text-slate-700"}`}>
              <Checkbox checked={picked.has(f.name) && !locked} disabled={locked} onChange={() => toggle(f.name)} />
              <span className="truncate">{f.label}</span>
              {f.sensitive ? <span className="text-xs text-amber-700">sensitive</span> : null}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

/**
 * Starts an export from the exports page: resource, format, an optional status filter, the fields
 * (sensitive ones only for admins who tick the box). The batch runs in the worker; the table shows it.
 */
export function NewExportDialog({ resources, open, onOpenChange }: { resources: ResourceMeta[]; open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const options = useQuery(trpc.exports.options.queryOptions());
  // Every resource is offered: every role may export (reading is all it does); the server still checks each resource and field.
  const [resourceName, setResourceName] = useState(resources[0]?.name ?? "");
  const resource = resources.find((r) => r.name === resourceName);
  const [format, setFormat] = useState<ExportFormat>("csv");
  const [statuses, setStatuses] = useState<Set<string>>(new Set());
  const [includeSensitive, setIncludeSensitive] = useState(false);
  const [escapeFormulas, setEscapeFormulas] = useState(true);
  const defaults = useMemo(() => new Set(resource?.fields.filter((f) => !f.sensitive).map((f) => f.name) ?? []), [resource]);
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const fields = picked ?? defaults;
  const statusField = resource?.status ? resource.fields.find((f) => f.name === resource.status!.field) : undefined;

  const create = useMutation(
    trpc.exports.create.mutationOptions({
      onSuccess: () => {
        toast.success("Export started", { description: "It appears in the table and can be downloaded once written." });
        onOpenChange(false);
        void queryClient.invalidateQueries({ queryKey: trpc.exports.list.queryKey() });
      },
    }),
  );

  const chooseResource = (name: string) => {
    setResourceName(name);
    setStatuses(new Set());
    setPicked(null);
    setIncludeSensitive(false);
  };

  const submit = () => {
    if (!resource) return;
    const ordered = resource.fields.filter((f) => fields.has(f.name) && (includeSensitive || !f.sensitive)).map((f) => f.name);
    const conditions = statusField && statuses.size ? [{ field: statusField.name, op: "in" as const, value: [...statuses] }] : [];
    create.mutate({
      resource: resource.name,
      format,
      fields: ordered,
      includeSensitive,
      escapeFormulas,
      target: { kind: "filter", selection: { scope: "active", ...(conditions.length ? { filter: { combinator: "and" as const, conditions } } : {}) } },
    });
  };

  return (
    <DialogRoot open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="New export"
        description={`Writes the matching rows to a file in the background. Files are kept for ${FILE_RETENTION_DAYS} days.`}
        className="max-w-2xl"
        footer={
          <DialogActions onCancel={() => onOpenChange(false)} pending={create.isPending} disabled={!resource || fields.size === 0} onAction={submit}>
            Start export
          </DialogActions>
        }
      >
        <div className="space-y-5">
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <Label htmlFor={`${id}-resource`}>Resource</Label>
              <Select id={`${id}-resource`} className="mt-1.5 w-full" value={resourceName} onChange={(e) => chooseResource(e.target.value)}>
                {resources.map((r) => (
                  <option key={r.name} value={r.name}>
                    {r.label}
                  </option>
                ))}
              </Select>
            </div>
            <div>
              <Label htmlFor={`${id}-format`}>Format</Label>
              <Select id={`${id}-format`} className="mt-1.5 w-full" value={format} onChange={(e) => setFormat(EXPORT_FORMATS.find((f) => f === e.target.value) ?? "csv")}>
                {(options.data?.formats ?? EXPORT_FORMATS).map((f) => (
                  <option key={f} value={f}>
                    {EXPORT_FORMAT_LABEL[f]}
                  </option>
                ))}
              </Select>
            </div>
          </div>

          {statusField?.options ? (
            <fieldset>
              <legend className="text-sm font-medium text-slate-700">{statusField.label}</legend>
              <p className="text-xs text-slate-500">Leave all unticked to export every active row.</p>
              <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1.5">
                {statusField.options.map((s) => (
                  <label key={s} className="flex items-center gap-2 text-sm text-slate-700">
                    <Checkbox
                      checked={statuses.has(s)}
                      onChange={() => {
                        const next = new Set(statuses);
                        if (next.has(s)) next.delete(s);
                        else next.add(s);
                        setStatuses(next);
                      }}
                    />
                    {s}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}

          <FormulaOption format={format} checked={escapeFormulas} onChange={setEscapeFormulas} />

          {resource ? <FieldsPicker resource={resource} picked={fields} includeSensitive={includeSensitive} onChange={setPicked} /> : null}

          {resource?.fields.some((f) => f.sensitive) ? (
            options.data?.mayIncludeSensitive ? (
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <Checkbox checked={includeSensitive} onChange={(e) => setIncludeSensitive(e.target.checked)} />
                Include sensitive fields ({resource.fields.filter((f) => f.sensitive).map((f) => f.label).join(", ")})
              </label>
            ) : (
              <p className="text-xs text-slate-500">Sensitive fields ({resource.fields.filter((f) => f.sensitive).map((f) => f.label).join(", ")}) are left out: only admins may export them.</p>
            )
          ) : null}

          <MutationError error={create.error} title="The export could not start" fallback="Try again in a moment." />
        </div>
      </DialogContent>
    </DialogRoot>
  );
}
