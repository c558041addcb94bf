"use client";
import { ChevronDown, ChevronUp, Columns3 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { PopoverContent, PopoverRoot, PopoverTrigger } from "@/components/ui/popover";

export type ColumnChoice = { id: string; label: string; visible: boolean; canHide: boolean };

/** Show, hide and reorder columns (buttons move a column, so it works without dragging). */
export function ColumnSettings({
  columns,
  onToggle,
  onMove,
  onReset,
}: {
  columns: ColumnChoice[];
  onToggle: (id: string, visible: boolean) => void;
  onMove: (id: string, by: -1 | 1) => void;
  onReset: () => void;
}) {
  return (
    <PopoverRoot>
      <PopoverTrigger asChild>
        <Button variant="secondary" size="sm">
          <Columns3 aria-hidden />
          Columns
        </Button>
      </PopoverTrigger>
      <PopoverContent label="Columns" align="end" className="w-72 p-2">
        <div className="flex items-center justify-between px-1.5 pt-0.5 pb-2">
          <p className="text-xs font-medium text-slate-500">Show and order columns</p>
          <button type="button" onClick={onReset} className="rounded text-xs font-medium text-slate-600 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-slate-900">
            Reset
          </button>
        </div>
        <ul className="space-y-0.5">
          {columns.map((c, i) => (
            <li key={c.id} className="flex items-center gap-2 rounded-md px-1.5 py-1 hover:bg-slate-50">
              <label className="flex min-w-0 flex-1 items-center gap-2 text-sm text-slate-700">
                <Checkbox checked={c.visible} disabled={!c.canHide} onChange={(e) => onToggle(c.id, e.target.checked)} />
                <span className="truncate">{c.label}</span>
              </label>
              <button
                type="button"
                aria-label={`Move ${c.label} up`}
                disabled={i === 0}
                onClick={() => onMove(c.id, -1)}
                className="rounded p-0.5 text-slate-400 hover:bg-slate-200 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-slate-900 disabled:opacity-30"
              >
                <ChevronUp aria-hidden className="size-4" />
              </button>
              <button
                type="button"
                aria-label={`Move ${c.label} down`}
                disabled={i === columns.length - 1}
                onClick={() => onMove(c.id, 1)}
                className="rounded p-0.5 text-slate-400 hover:bg-slate-200 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-slate-900 disabled:opacity-30"
              >
                <ChevronDown aria-hidden className="size-4" />
              </button>
            </li>
          ))}
        </ul>
      </PopoverContent>
    </PopoverRoot>
  );
}
