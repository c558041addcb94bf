"use client";
import type { ReactTable, Row, RowData } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { useRef, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { Skeleton } from "@/components/ui/skeleton";
import { ROW_HEIGHT, type DataTableFeatures, type Density } from "./features";

/** Pages longer than this render only the rows in view. */
const VIRTUALISE_ABOVE = 100;

type Props<TData extends RowData> = {
  table: ReactTable<DataTableFeatures, TData, any>;
  caption: string;
  density: Density;
  /** First load: skeleton rows instead of data. */
  pending: boolean;
  /** A refetch is under way: the current rows stay, dimmed. */
  fetching?: boolean;
  empty: ReactNode;
  /** Something to put next to a column's header text (a filter button). */
  headerExtra?: (columnId: string) => ReactNode;
  rowClassName?: (row: Row<DataTableFeatures, TData>) => string | undefined;
};

/**
 * A server-driven table: sticky header, sortable headers (aria-sort), fixed-height rows virtualised
 * on long pages, skeleton rows while loading and an empty state.
 */
export function DataTable<TData extends RowData>({ table, caption, density, pending, fetching, empty, headerExtra, rowClassName }: Props<TData>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = table.getRowModel().rows;
  const virtual = rows.length > VIRTUALISE_ABOVE;
  const rowHeight = ROW_HEIGHT[density];
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const columns = table.getVisibleLeafColumns();
  const items = virtual ? virtualizer.getVirtualItems() : [];
  const padTop = items.length ? items[0]!.start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const visibleRows = virtual ? items.map((i) => rows[i.index]!) : rows;
  const cellPad = density === "compact" ? "py-1.5" : "py-2.5";

  return (
    <div
      ref={scrollRef}
      className={cn("relative max-h-[max(24rem,calc(100vh-20rem))] overflow-auto", fetching && !pending && "[&_tbody]:opacity-60")}
      aria-busy={pending || fetching}
      tabIndex={-1}
    >
      <table className="w-full border-separate border-spacing-0 text-left text-sm" aria-rowcount={table.getRowCount() + 1}>
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 z-10">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const col = header.column;
                const meta = col.columnDef.meta;
                const sorted = col.getIsSorted();
                const canSort = col.getCanSort();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    className={cn(
                      "border-b border-slate-200 bg-slate-50 px-3 py-2 text-xs font-medium whitespace-nowrap text-slate-500 first:pl-4 last:pr-4",
                      meta?.align === "right" && "text-right",
                    )}
                  >
                    <span className={cn("inline-flex items-center gap-1", meta?.align === "right" && "flex-row-reverse")}>
                      {header.isPlaceholder ? null : canSort ? (
                        <button
                          type="button"
                          onClick={col.getToggleSortingHandler()}
                          className="-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 hover:bg-slate-200/60 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-slate-900"
                          title={`Sort by ${meta?.label ?? col.id}`}
                        >
                          <table.FlexRender header={header} />
                          {sorted === "asc" ? (
                            <ArrowUp aria-hidden className="size-3.5 text-slate-900" />
                          ) : sorted === "desc" ? (
                            <ArrowDown aria-hidden className="size-3.5 text-slate-900" />
                          ) : (
                            <ArrowUpDown aria-hidden className="size-3.5 text-slate-300" />
                          )}
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                      {headerExtra?.(col.id)}
                    </span>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {pending ? (
            Array.from({ length: 8 }, (_, i) => (
              <tr key={i} aria-hidden>
                {columns.map((c) => (
                  <td key={c.id} className={cn("border-b border-slate-100 px-3 first:pl-4 last:pr-4", cellPad)}>
                    <Skeleton className="h-4 w-full max-w-40" />
                  </td>
                ))}
              </tr>
            ))
          ) : rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-4 py-12">
                {empty}
              </td>
            </tr>
          ) : (
            <>
              {padTop > 0 ? <tr aria-hidden style={{ height: padTop }} /> : null}
              {visibleRows.map((row, i) => (
                <tr
                  key={row.id}
                  // Measured, so a row a little taller than the estimate (a badge, a wrapped error) keeps the scroll maths right.
                  data-index={virtual ? items[i]!.index : undefined}
                  ref={virtual ? virtualizer.measureElement : undefined}
                  aria-rowindex={row.index + 2}
                  style={{ height: rowHeight }}
                  className={cn("group hover:bg-slate-50", rowClassName?.(row))}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td
                      key={cell.id}
                      className={cn(
                        "max-w-80 truncate border-b border-slate-100 px-3 whitespace-nowrap text-slate-700 first:pl-4 last:pr-4",
                        cellPad,
                        cell.column.columnDef.meta?.align === "right" && "text-right tabular-nums",
                        cell.column.columnDef.meta?.className,
                      )}
                    >
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              ))}
              {padBottom > 0 ? <tr aria-hidden style={{ height: padBottom }} /> : null}
            </>
          )}
        </tbody>
      </table>
    </div>
  );
}
