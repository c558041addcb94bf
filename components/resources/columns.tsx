"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { History } from "lucide-react";
import { Checkbox } from "@/components/ui/checkbox";
import type { DataTableFeatures } from "@/components/data-table/features";
import { CellValue } from "./cell-value";
import type { FieldMeta, ResourceMeta, ResourceRow } from "./types";

const helper = createColumnHelper<DataTableFeatures, ResourceRow>();

/** What the checkbox column calls; read through a ref so the columns need not be rebuilt. */
export type SelectionHandlers = {
  /** True while the rows on screen are the previous query's, kept during a fetch: not selectable. */
  disabled: boolean;
  togglePage: (selected: boolean) => void;
  toggleRow: (id: number, selected: boolean, shift: boolean) => void;
  /** Opens the row's history (the side panel of every batch that touched it). */
  openHistory: (id: number) => void;
};

const RIGHT_ALIGNED = new Set(["number", "currency", "percent", "rating"]);

function fieldColumn(field: FieldMeta, titleField: string) {
  const isOwner = field.type === "user";
  return helper.accessor((row) => (isOwner ? row.ownerName : row[field.name]), {
    id: field.name,
    header: field.label,
    cell: (info) =>
      isOwner ? (
        <span>{(info.getValue() as string | null) ?? "—"}</span>
      ) : field.name === titleField ? (
        <span className="font-medium text-slate-900">
          <CellValue field={field} value={info.getValue()} />
        </span>
      ) : (
        <CellValue field={field} value={info.getValue()} />
      ),
    // Lists (text[]) cannot be sorted by the server; owners would sort by id, not by name.
    enableSorting: field.pg !== "text[]" && !isOwner,
    meta: {
      label: field.label,
      align: RIGHT_ALIGNED.has(field.type) && field.name !== "id" ? "right" : "left",
      className: field.name === "id" ? "w-20 font-mono text-xs text-slate-500" : field.type === "longText" ? "max-w-64" : undefined,
    },
  });
}

/** The table's columns: a checkbox column (when the user may run batches), one per field, then the row's history. */
export function buildColumns(meta: ResourceMeta, selectable: boolean, handlers: { current: SelectionHandlers }) {
  const select = helper.display({
    id: "select",
    header: ({ table }) => {
      const all = table.getIsAllPageRowsSelected();
      return (
        <Checkbox
          aria-label="Select all rows on this page"
          disabled={handlers.current.disabled}
          checked={all}
          indeterminate={!all && table.getIsSomePageRowsSelected()}
          onChange={(e) => handlers.current.togglePage(e.target.checked)}
        />
      );
    },
    cell: ({ row }) => (
      <Checkbox
        aria-label={`Select row ${row.original.id}`}
        disabled={handlers.current.disabled}
        checked={row.getIsSelected()}
        onChange={() => {}}
        onClick={(e) => handlers.current.toggleRow(row.original.id, e.currentTarget.checked, e.shiftKey)}
      />
    ),
    enableHiding: false,
    enableSorting: false,
    meta: { label: "Select", className: "w-10" },
  });
  const fields = meta.fields.map((f) => fieldColumn(f, meta.titleField));
  const history = helper.display({
    id: "history",
    header: () => <span className="sr-only">History</span>,
    cell: ({ row }) => (
      <button
        type="button"
        aria-label={`History of row ${row.original.id}`}
        title="History"
        // Small enough not to make a compact row taller than its text.
        className="rounded p-0.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-slate-900"
        onClick={() => handlers.current.openHistory(row.original.id)}
      >
        <History aria-hidden className="size-3.5" />
      </button>
    ),
    enableHiding: false,
    enableSorting: false,
    meta: { label: "History", className: "w-10" },
  });
  return selectable ? [select, ...fields, history] : [...fields, history];
}

/** Columns shown until the user picks: everything not hidden by default. */
export function defaultVisibleColumns(meta: ResourceMeta): string[] {
  return meta.fields.filter((f) => !f.hiddenByDefault).map((f) => f.name);
}
