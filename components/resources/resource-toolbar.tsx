"use client";
import { Rows3, Rows4, Search } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { ColumnSettings, type ColumnChoice } from "@/components/data-table/column-settings";
import type { Density } from "@/components/data-table/features";
import { FilterBuilder } from "@/components/filters/filter-builder";
import type { CurrentUser } from "@/components/filters/condition-value-input";
import type { FilterGroup } from "@/components/filters/filter-model";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SCOPES } from "@/server/contracts/filter";
import type { FieldMeta, ResourceMeta, Scope } from "./types";

const SCOPE_LABEL: Record<Scope, string> = { active: "Active", archived: "Archived", deleted: "In trash", all: "All rows" };
const SEARCH_DELAY_MS = 300;

/** Quick search, lifecycle scope, the filter builder, columns and density. */
export function ResourceToolbar({
  meta,
  q,
  onSearch,
  scope,
  onScope,
  filterFields,
  advanced,
  onAdvanced,
  me,
  columns,
  onToggleColumn,
  onMoveColumn,
  onResetColumns,
  density,
  onDensity,
}: {
  meta: ResourceMeta;
  q: string;
  onSearch: (q: string) => void;
  scope: Scope;
  onScope: (s: Scope) => void;
  filterFields: FieldMeta[];
  advanced: FilterGroup | null;
  onAdvanced: (g: FilterGroup | null) => void;
  me?: CurrentUser;
  columns: ColumnChoice[];
  onToggleColumn: (id: string, visible: boolean) => void;
  onMoveColumn: (id: string, by: -1 | 1) => void;
  onResetColumns: () => void;
  density: Density;
  onDensity: (d: Density) => void;
}) {
  const searchId = useId();
  const scopeId = useId();
  const [text, setText] = useState(q);
  const lastSent = useRef(q);

  // Back/forward changes the URL under the box: show what the URL says.
  useEffect(() => {
    if (q !== lastSent.current) {
      lastSent.current = q;
      setText(q);
    }
  }, [q]);

  useEffect(() => {
    if (text === lastSent.current) return;
    const t = setTimeout(() => {
      lastSent.current = text;
      onSearch(text);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [text, onSearch]);

  const searchable = meta.fields.filter((f) => f.searchable).map((f) => f.label.toLowerCase());
  const scopes = SCOPES.filter((s) => s === "active" || s === "all" || (s === "archived" ? meta.hasArchive : meta.hasSoftDelete));

  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-3">
      <div className="relative min-w-56 flex-1 sm:max-w-xs">
        <label htmlFor={searchId} className="sr-only">
          Search {meta.label.toLowerCase()}
        </label>
        <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" />
        <Input
          id={searchId}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              lastSent.current = text;
              onSearch(text);
            }
          }}
          placeholder={`Search ${searchable.length ? searchable.join(", ") + " or id" : "by id"}`}
          className="h-8 pl-8"
        />
      </div>
      <label htmlFor={scopeId} className="sr-only">
        Show
      </label>
      <Select id={scopeId} size="sm" value={scope} onChange={(e) => onScope(e.target.value as Scope)}>
        {scopes.map((s) => (
          <option key={s} value={s}>
            {SCOPE_LABEL[s]}
          </option>
        ))}
      </Select>
      <FilterBuilder fields={filterFields} value={advanced} onApply={onAdvanced} me={me} />
      <div className="ml-auto flex items-center gap-2">
        <ColumnSettings columns={columns} onToggle={onToggleColumn} onMove={onMoveColumn} onReset={onResetColumns} />
        <div role="radiogroup" aria-label="Row density" className="flex rounded-md border border-slate-300 bg-white p-0.5 shadow-xs">
          {(
            [
              ["comfortable", Rows3, "Comfortable rows"],
              ["compact", Rows4, "Compact rows"],
            ] as const
          ).map(([value, Icon, label]) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={density === value}
              aria-label={label}
              title={label}
              onClick={() => onDensity(value)}
              className={cn(
                "rounded p-1 focus-visible:outline-2 focus-visible:outline-slate-900",
                density === value ? "bg-slate-900 text-white" : "text-slate-500 hover:bg-slate-100",
              )}
            >
              <Icon aria-hidden className="size-4" />
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
