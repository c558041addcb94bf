"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { ArrowRight } from "lucide-react";
import type { DataTableFeatures } from "@/components/data-table/features";
import { formatValue } from "@/components/resources/cell-value";
import type { FieldMeta, ResourceMeta } from "@/components/resources/types";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { BatchItem } from "./types";

const helper = createColumnHelper<DataTableFeatures, BatchItem>();

export const OUTCOME_LOOK: Record<string, { tone: BadgeTone; label: string }> = {
  will_change: { tone: "info", label: "Will change" },
  unchanged: { tone: "neutral", label: "Unchanged" },
  invalid: { tone: "danger", label: "Invalid" },
  succeeded: { tone: "success", label: "Succeeded" },
  conflict: { tone: "warning", label: "Conflict" },
  failed: { tone: "danger", label: "Failed" },
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Before → after of one field; a changed value is highlighted, a field with an error outlined. */
function Diff({ field, before, after, hasAfter, error }: { field: FieldMeta | undefined; before: unknown; after: unknown; hasAfter: boolean; error: boolean }) {
  const b = formatValue(field, before);
  if (!hasAfter) return <span className="text-slate-500">{b}</span>;
  const a = formatValue(field, after);
  if (same(before, after)) return <span className={error ? "rounded px-1 ring-1 ring-red-300" : "text-slate-400"}>{b}</span>;
  return (
    <span className="inline-flex max-w-full items-center gap-1.5">
      <span className="truncate text-slate-500 line-through decoration-slate-300">{b}</span>
      <ArrowRight aria-label="becomes" className="size-3.5 shrink-0 text-slate-400" />
      <mark className={error ? "truncate rounded bg-red-50 px-1 text-red-800 ring-1 ring-red-300" : "truncate rounded bg-emerald-50 px-1 font-medium text-emerald-800"}>{a}</mark>
    </span>
  );
}

/**
 * Columns of a batch's items: the row, before → after per touched field, the planned outcome or the
 * applied result, and the reasons a row was refused or failed.
 */
export function itemColumns(meta: ResourceMeta | undefined, fieldsTouched: string[], mode: "preview" | "results", titles: Map<number, string>, finished = false) {
  const fields = new Map(meta?.fields.map((f) => [f.name, f]) ?? []);
  return [
    helper.display({
      id: "row",
      header: meta?.singular ? meta.singular.charAt(0).toUpperCase() + meta.singular.slice(1) : "Row",
      cell: ({ row }) => {
        const it = row.original;
        const title = it.rowId !== null ? titles.get(it.rowId) : undefined;
        return (
          <span className="flex items-baseline gap-2">
            <span className="font-mono text-xs text-slate-500">{it.rowId ?? `item ${(it.itemIndex ?? 0) + 1}`}</span>
            {title ? <span className="truncate font-medium text-slate-900">{title}</span> : null}
          </span>
        );
      },
      meta: { label: "Row", className: "max-w-72" },
    }),
    ...fieldsTouched.map((name) =>
      helper.display({
        id: `f:${name}`,
        header: fields.get(name)?.label ?? name,
        cell: ({ row }) => {
          const it = row.original;
          const error = (it.errors ?? []).some((e) => e.field === name);
          return <Diff field={fields.get(name)} before={it.before?.[name]} after={it.after?.[name]} hasAfter={it.after !== null} error={error} />;
        },
        meta: { label: fields.get(name)?.label ?? name },
      }),
    ),
    ...(fieldsTouched.length === 0
      ? [
          helper.display({
            id: "action",
            header: "Change",
            cell: ({ row }) => <span className="text-slate-600">{row.original.action === "delete" ? "Delete row" : row.original.action}</span>,
            meta: { label: "Change" },
          }),
        ]
      : []),
    helper.display({
      id: "status",
      header: mode === "preview" ? "Outcome" : "Result",
      cell: ({ row }) => {
        const it = row.original;
        const key = mode === "results" ? (it.result ?? "pending") : it.outcome;
        // A finished batch (cancelled, or stopped by an abort) never runs the rest.
        const look = OUTCOME_LOOK[key] ?? { tone: "neutral" as const, label: key === "pending" ? (finished ? "Not run" : "Not yet") : key };
        return <Badge tone={look.tone}>{look.label}</Badge>;
      },
      meta: { label: mode === "preview" ? "Outcome" : "Result" },
    }),
    helper.display({
      id: "problems",
      header: "Problems",
      cell: ({ row }) => {
        const it = row.original;
        const all = [
          ...(it.errors ?? []).map((e) => ({ code: e.code, message: e.message })),
          ...(mode === "results" && it.resultError ? [{ code: it.resultError.code, message: it.resultError.message }] : []),
        ];
        // An invalid row's result repeats its planning error; show each problem once.
        const problems = all.filter((p, i) => all.findIndex((q) => q.code === p.code && q.message === p.message) === i);
        if (!problems.length) return <span className="text-slate-300">—</span>;
        // One line keeps rows a fixed height (long pages are virtualised); the full list is in the tooltip.
        const tooltip = problems.map((p) => `${p.code}: ${p.message}`).join("\n");
        return (
          <span title={tooltip} className="text-red-700">
            <code className="mr-1.5 rounded bg-red-50 px-1 font-mono text-[11px] text-red-800">{problems[0]!.code}</code>
            {problems[0]!.message}
            {problems.length > 1 ? <span className="ml-1 text-slate-500">(+{problems.length - 1} more)</span> : null}
          </span>
        );
      },
      meta: { label: "Problems", className: "min-w-72 max-w-[36rem]" },
    }),
  ];
}
