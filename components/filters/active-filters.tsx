"use client";
import { X } from "lucide-react";
import type { FieldMeta } from "@/components/resources/types";
import { countConditions, describeCondition, type Condition, type FilterGroup } from "./filter-model";

/** The filters in force, as removable chips. */
export function ActiveFilters({
  fields,
  columnFilters,
  advanced,
  onRemoveColumn,
  onClearAdvanced,
  onClearAll,
  userName,
}: {
  fields: Map<string, FieldMeta>;
  columnFilters: Condition[];
  advanced: FilterGroup | null;
  onRemoveColumn: (field: string) => void;
  onClearAdvanced: () => void;
  onClearAll: () => void;
  userName?: (id: string) => string;
}) {
  const advancedCount = countConditions(advanced);
  if (columnFilters.length === 0 && advancedCount === 0) return null;
  return (
    <ul aria-label="Active filters" className="flex flex-wrap items-center gap-1.5 border-b border-slate-200 px-4 py-2">
      {columnFilters.map((c) => {
        const text = describeCondition(fields.get(c.field), c, userName);
        return (
          <li key={c.field}>
            <Chip text={text} onRemove={() => onRemoveColumn(c.field)} />
          </li>
        );
      })}
      {advancedCount > 0 ? (
        <li>
          <Chip
            text={`${advanced!.combinator === "and" ? "All" : "Any"} of ${advancedCount} condition${advancedCount === 1 ? "" : "s"}`}
            onRemove={onClearAdvanced}
          />
        </li>
      ) : null}
      <li>
        <button type="button" onClick={onClearAll} className="rounded px-1.5 text-xs font-medium text-slate-600 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-slate-900">
          Clear filters
        </button>
      </li>
    </ul>
  );
}

function Chip({ text, onRemove }: { text: string; onRemove: () => void }) {
  return (
    <span className="inline-flex items-center gap-1 rounded-md bg-slate-100 py-0.5 pr-0.5 pl-2 text-xs text-slate-700 ring-1 ring-slate-500/15 ring-inset">
      {text}
      <button type="button" onClick={onRemove} aria-label={`Remove filter: ${text}`} className="rounded p-0.5 text-slate-400 hover:bg-slate-200 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-slate-900">
        <X aria-hidden className="size-3" />
      </button>
    </span>
  );
}
