"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTable } from "@tanstack/react-table";
import { Inbox } from "lucide-react";
import { parseAsInteger, parseAsNumberLiteral, parseAsString, useQueryStates } from "nuqs";
import { useEffect, useMemo, useRef } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { dataTableFeatures } from "@/components/data-table/features";
import { Pagination } from "@/components/data-table/pagination";
import { QueryError } from "@/components/errors/query-error";
import { formatCount } from "@/components/format/count";
import { useTRPC } from "@/components/providers/trpc";
import type { ResourceMeta } from "@/components/resources/types";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ITEM_OUTCOMES, RESULTS } from "@/server/contracts/batch";
import { itemColumns } from "./items-columns";
import type { BatchItem, BatchSummary } from "./types";

const SIZES = [50, 100, 250, 500] as const;
const itemParams = { show: parseAsString, ip: parseAsInteger.withDefault(1), isize: parseAsNumberLiteral(SIZES).withDefault(50) };
const EMPTY: BatchItem[] = [];
const REFRESH_EVERY_MS = 3_000;

type Filter = { value: string | null; label: string; count: number };

/** A batch's items one page at a time (from the server, so a million-row preview is fine), filterable by outcome or result. */
export function ItemsTable({
  batch,
  meta,
  mode,
  counts = batch.progress.counts,
  refreshKey,
  finished = false,
}: {
  batch: BatchSummary;
  meta: ResourceMeta | undefined;
  mode: "preview" | "results";
  /** Live counts per result (from the progress stream). */
  counts?: BatchSummary["progress"]["counts"];
  /** Changes when new results exist (chunks done), so the page refreshes without polling. */
  refreshKey?: number;
  /** The batch is over: items without a result were never run (not "not yet"). */
  finished?: boolean;
}) {
  const trpc = useTRPC();
  const [{ show, ip, isize }, set] = useQueryStates(itemParams, { history: "push" });
  // `show` comes from the URL: only a known outcome (preview) or result (after the run) filters.
  const outcome = mode === "preview" ? ITEM_OUTCOMES.find((o) => o === show) : undefined;
  const result = mode === "results" ? RESULTS.find((r) => r === show) : undefined;
  const filter = outcome ?? result ?? null;
  const input = { batchId: batch.id, page: ip, pageSize: isize, ...(outcome ? { outcome } : {}), ...(result ? { result } : {}) };
  const items = useQuery({ ...trpc.batch.items.queryOptions(input), placeholderData: keepPreviousData });
  const { refetch } = items;
  const lastRefresh = useRef(0);
  useEffect(() => {
    if (refreshKey === undefined) return;
    // At most one refresh every few seconds while chunks land (each one counts the page's rows on the
    // server), and always one after the last change.
    // The refresh that shows the final results is not held back.
    const wait = finished ? 0 : Math.max(0, lastRefresh.current + REFRESH_EVERY_MS - Date.now());
    const t = setTimeout(() => {
      lastRefresh.current = Date.now();
      void refetch();
    }, wait);
    return () => clearTimeout(t);
  }, [refreshKey, refetch, finished]);
  const rows = items.data?.items ?? EMPTY;

  // Titles for the rows on this page: from the delete image when there is one, otherwise looked up.
  const titleField = meta?.titleField;
  const missing = titleField ? rows.filter((r) => r.rowId !== null && r.before?.[titleField] === undefined).map((r) => r.rowId!) : [];
  const lookup = useQuery({
    ...trpc.resources.query.queryOptions({
      resource: batch.resource,
      selection: { scope: "all", filter: { combinator: "and", conditions: [{ field: "id", op: "in", value: missing }] } },
      page: 1,
      pageSize: Math.max(1, missing.length),
    }),
    enabled: Boolean(titleField) && missing.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
  const titles = new Map<number, string>();
  if (titleField) {
    for (const r of lookup.data?.rows ?? []) titles.set(r.id, String(r[titleField] ?? ""));
    for (const r of rows) if (r.rowId !== null && r.before?.[titleField] !== undefined) titles.set(r.rowId, String(r.before[titleField]));
  }
  const titleKey = [...titles.entries()].join();

  const columns = useMemo(
    () => itemColumns(meta, batch.preview.fieldsTouched, mode, titles, finished),
    // titleKey, not titles: the map is rebuilt every render, its content is what matters.
    [meta, batch.preview.fieldsTouched, mode, titleKey, finished],
  );
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data: rows,
    getRowId: (r) => String(r.seq),
    manualPagination: true,
    manualSorting: true,
    rowCount: items.data?.total ?? 0,
    state: { pagination: { pageIndex: ip - 1, pageSize: isize } },
  });

  const p = batch.preview;
  const c = counts;
  const filters: Filter[] =
    mode === "preview"
      ? [
          { value: null, label: "All", count: p.total },
          { value: "will_change", label: "Will change", count: p.willChange },
          { value: "unchanged", label: "Unchanged", count: p.unchanged },
          { value: "invalid", label: "Invalid", count: p.invalid },
        ]
      : [
          { value: null, label: "All", count: p.total },
          { value: "succeeded", label: "Succeeded", count: c.succeeded },
          { value: "unchanged", label: "Unchanged", count: c.unchanged },
          { value: "invalid", label: "Invalid", count: c.invalid },
          { value: "conflict", label: "Conflict", count: c.conflict },
          { value: "failed", label: "Failed", count: c.failed },
        ];

  return (
    <Card>
      <CardHeader className="flex-wrap items-center">
        <CardTitle id="items-heading">{mode === "preview" ? "Rows in this preview" : "Results per row"}</CardTitle>
        <div role="group" aria-label={mode === "preview" ? "Show rows by outcome" : "Show rows by result"} className="flex flex-wrap gap-1">
          {filters.map((f) => {
            const active = filter === f.value;
            return (
              <button
                key={f.label}
                type="button"
                aria-pressed={active}
                onClick={() => void set({ show: f.value, ip: null })}
                className={cn(
                  "rounded-md px-2.5 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-slate-900",
                  active ? "bg-slate-900 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200",
                )}
              >
                {f.label} <span className={cn("tabular-nums", active ? "text-slate-300" : "text-slate-500")}>{formatCount(f.count)}</span>
              </button>
            );
          })}
        </div>
      </CardHeader>
      {items.isError && !items.data ? (
        <div className="p-4">
          <QueryError error={items.error} what="the rows" onRetry={() => void items.refetch()} />
        </div>
      ) : (
        <>
          <DataTable
            table={table}
            caption={mode === "preview" ? "Rows in this preview, before and after" : "Results per row"}
            density="compact"
            pending={items.isPending}
            fetching={items.isFetching}
            rowClassName={(row) => (row.original.outcome === "invalid" || row.original.result === "failed" ? "bg-red-50/40" : row.original.result === "conflict" ? "bg-amber-50/40" : undefined)}
            empty={
              <div className="flex flex-col items-center text-center">
                <Inbox aria-hidden className="size-6 text-slate-400" />
                <p className="mt-2 text-sm font-medium text-slate-900">No rows here</p>
                <p className="mt-1 text-sm text-slate-500">{filter ? "No row has this outcome." : "This batch has no rows."}</p>
              </div>
            }
          />
          <Pagination page={ip} pageSize={isize} total={items.data?.total} sizes={SIZES} onPage={(n) => void set({ ip: n })} onPageSize={(n) => void set({ isize: n as (typeof SIZES)[number], ip: null })} />
        </>
      )}
    </Card>
  );
}
