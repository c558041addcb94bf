"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTable, type ColumnOrderState, type SortingState, type Updater, type ColumnVisibilityState } from "@tanstack/react-table";
import { FunnelX, Table2 } from "lucide-react";
import { useMemo, useRef, useState } from "react";
import type { TargetInput } from "@/components/batches/composer/build-operation";
import { ComposerDialog } from "@/components/batches/composer/composer-dialog";
import { ExportSelectionDialog } from "@/components/exports/export-selection-dialog";
import { FetchFilesDialog } from "@/components/media/fetch-files-dialog";
import { composableOperations, type ComposableOperation } from "@/components/batches/operations";
import { DataTable } from "@/components/data-table/data-table";
import { dataTableFeatures } from "@/components/data-table/features";
import { Pagination } from "@/components/data-table/pagination";
import { QueryError } from "@/components/errors/query-error";
import { errorCode, safeErrorMessage } from "@/components/errors/safe-error-message";
import { ActiveFilters } from "@/components/filters/active-filters";
import { ColumnFilter } from "@/components/filters/column-filter";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { BulkActionBar } from "./bulk-action-bar";
import { buildColumns, defaultVisibleColumns, type SelectionHandlers } from "./columns";
import { queryInputFrom, selectionFrom } from "./query-input";
import { ResourceToolbar } from "./resource-toolbar";
import { RowHistorySheet } from "./row-history-sheet";
import { NO_SELECTION, isRowSelected, rangeIds, selectedCount, setRows, type RowSelectionState } from "./row-selection";
import { PAGE_SIZES } from "./search-params";
import { SelectionBanner } from "./selection-banner";
import type { InitialPage, ResourceMeta, ResourceRow } from "./types";
import { useTableUrl } from "./use-table-url";

const EMPTY_ROWS: ResourceRow[] = [];
const resolve = <T,>(u: Updater<T>, prev: T): T => (typeof u === "function" ? (u as (p: T) => T)(prev) : u);

/** The records of one resource: server-side paging, sorting and filtering; selection; bulk actions. */
export function ResourceBrowser({ meta, initial }: { meta: ResourceMeta; initial?: InitialPage }) {
  const trpc = useTRPC();
  const url = useTableUrl();
  const { params } = url;
  const me = useQuery(trpc.me.get.queryOptions());
  const fields = meta.fields;
  const fieldMap = useMemo(() => new Map(fields.map((f) => [f.name, f])), [fields]);
  const operations = composableOperations(meta);
  const selectable = operations.length > 0;

  const input = queryInputFrom(meta.name, params, fields);
  // The server page's rows stand in for the first request when it asked for the same thing.
  const initialData = initial && JSON.stringify(initial.input) === JSON.stringify(input) ? initial.data : undefined;
  const rowsQuery = useQuery({ ...trpc.resources.query.queryOptions(input), placeholderData: keepPreviousData, initialData });
  const rows = rowsQuery.data?.rows ?? EMPTY_ROWS;
  const total = rowsQuery.data?.total;

  // Selection belongs to what the rows match; a different filter means a different set of rows.
  const selectionKey = JSON.stringify(input.selection);
  const [selection, setSelection] = useState<{ key: string; state: RowSelectionState }>({ key: selectionKey, state: NO_SELECTION });
  const [notice, setNotice] = useState<string | null>(null);
  const anchor = useRef<number | null>(null);
  if (selection.key !== selectionKey) {
    const had = selection.state.mode === "all" || selection.state.ids.size > 0;
    setSelection({ key: selectionKey, state: NO_SELECTION });
    setNotice(had ? "The filter changed, so the selection was cleared." : null);
    anchor.current = null;
  }
  const sel = selection.state;
  const update = (state: RowSelectionState) => {
    setNotice(null);
    setSelection({ key: selectionKey, state });
  };
  const count = selectedCount(sel, total ?? 0);
  const pageIds = rows.map((r) => r.id);

  const [historyOf, setHistoryOf] = useState<{ id: number; title: string | null } | null>(null);
  const handlers = useRef<SelectionHandlers>({ disabled: false, togglePage: () => {}, toggleRow: () => {}, openHistory: () => {} });
  handlers.current = {
    // Rows shown while the next page or filter loads belong to the old query; picking them would
    // select what the user no longer sees.
    disabled: rowsQuery.isPlaceholderData,
    togglePage: (selected) => update(setRows(sel, pageIds, selected)),
    toggleRow: (id, selected, shift) => {
      const ids = shift ? rangeIds(pageIds, anchor.current, id) : [id];
      anchor.current = id;
      update(setRows(sel, ids, selected));
    },
    openHistory: (id) => {
      const title = rows.find((r) => r.id === id)?.[meta.titleField];
      setHistoryOf({ id, title: typeof title === "string" ? title : null });
    },
  };

  const columns = useMemo(() => buildColumns(meta, selectable, handlers), [meta, selectable]);
  const defaults = useMemo(() => defaultVisibleColumns(meta), [meta]);
  // The id leads by default; the registry lists it with the shared columns at the end.
  const allIds = ["id", ...fields.map((f) => f.name).filter((n) => n !== "id")];
  const visible = new Set(params.cols ?? defaults);
  const columnVisibility: ColumnVisibilityState = Object.fromEntries(allIds.map((id) => [id, visible.has(id)]));
  const order = [...(params.order ?? []).filter((id) => allIds.includes(id)), ...allIds.filter((id) => !params.order?.includes(id))];
  const columnOrder: ColumnOrderState = selectable ? ["select", ...order, "history"] : [...order, "history"];
  const sort = input.sort ?? meta.defaultSort;
  const sorting: SortingState = [{ id: sort.field, desc: sort.dir === "desc" }];
  const rowSelection: Record<string, true> = Object.fromEntries(rows.filter((r) => isRowSelected(sel, r.id)).map((r) => [String(r.id), true as const]));

  const table = useTable({
    features: dataTableFeatures,
    columns,
    data: rows,
    getRowId: (row) => String(row.id),
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: false,
    rowCount: total ?? 0,
    state: {
      sorting,
      columnVisibility,
      columnOrder,
      rowSelection,
      pagination: { pageIndex: params.page - 1, pageSize: params.size },
    },
    onSortingChange: (u) => {
      const next = resolve(u, sorting)[0];
      const isDefault = !next || (next.id === meta.defaultSort.field && next.desc === (meta.defaultSort.dir === "desc"));
      url.setSort(isDefault ? null : `${next.id}.${next.desc ? "desc" : "asc"}`);
    },
    onColumnVisibilityChange: (u) => {
      const next = resolve(u, columnVisibility);
      const cols = allIds.filter((id) => next[id]);
      url.setColumns(cols.join() === defaults.join() ? null : cols);
    },
    onColumnOrderChange: (u) => {
      const next = resolve(u, columnOrder).filter((id) => id !== "select" && id !== "history");
      url.setOrder(next.join() === allIds.join() ? null : next);
    },
  });

  const pageFullySelected = rows.length > 0 && rows.every((r) => isRowSelected(sel, r.id));
  const filterFields = fields.filter((f) => f.type !== "longText" || f.searchable);
  const currentUser = me.data ? { id: me.data.id, name: me.data.name } : undefined;
  const userName = (id: string) => (me.data && id === me.data.id ? "me" : "another user");
  const filtering = params.f.length > 0 || params.adv !== null || params.q.trim() !== "";

  const [composing, setComposing] = useState<ComposableOperation | null>(null);
  const [exporting, setExporting] = useState(false);
  const [fetching, setFetching] = useState(false);
  const target: TargetInput =
    sel.mode === "ids"
      ? { kind: "ids", ids: [...sel.ids] }
      : { kind: "filter", selection: selectionFrom(params, fields), excludeIds: [...sel.excluded] };

  // A filter the server refuses (a value out of range, say) is shown beside the filters, which stay
  // on screen so it can be changed or removed; any other failure replaces the table.
  const filterRefused = rowsQuery.isError && !rowsQuery.data && filtering && errorCode(rowsQuery.error) === "BAD_REQUEST";
  if (rowsQuery.isError && !rowsQuery.data && !filterRefused) {
    return <QueryError error={rowsQuery.error} what={`the ${meta.label.toLowerCase()}`} onRetry={() => void rowsQuery.refetch()} />;
  }

  return (
    <div data-wide>
      <Card>
        <ResourceToolbar
          meta={meta}
          q={params.q}
          onSearch={url.setSearch}
          scope={params.scope}
          onScope={url.setScope}
          filterFields={filterFields}
          advanced={params.adv}
          onAdvanced={url.setAdvanced}
          me={currentUser}
          columns={order.flatMap((id) => {
            const c = table.getColumn(id);
            return c ? [{ id, label: c.columnDef.meta?.label ?? id, visible: c.getIsVisible(), canHide: c.getCanHide() }] : [];
          })}
          onToggleColumn={(id, v) => table.getColumn(id)?.toggleVisibility(v)}
          onMoveColumn={(id, by) => {
            const i = order.indexOf(id);
            const j = i + by;
            if (i < 0 || j < 0 || j >= order.length) return;
            const next = [...order];
            [next[i], next[j]] = [next[j]!, next[i]!];
            table.setColumnOrder(selectable ? ["select", ...next, "history"] : [...next, "history"]);
          }}
          onResetColumns={() => {
            url.setColumns(null);
            url.setOrder(null);
          }}
          density={params.density}
          onDensity={url.setDensity}
        />
        <ActiveFilters
          fields={fieldMap}
          columnFilters={params.f}
          advanced={params.adv}
          onRemoveColumn={(field) => url.setColumnFilter(field, null)}
          onClearAdvanced={() => url.setAdvanced(null)}
          onClearAll={url.clearFilters}
          userName={userName}
        />
        {notice ? (
          <Alert tone="info" className="rounded-none border-x-0 border-t-0">
            {notice}
          </Alert>
        ) : null}
        {selectable && count > 0 ? (
          <BulkActionBar
            count={count}
            allMatching={sel.mode === "all"}
            operations={operations}
            onCompose={setComposing}
            onExport={() => setExporting(true)}
            onFetchFiles={meta.canFetchFiles ? () => setFetching(true) : undefined}
            onClear={() => update(NO_SELECTION)}
          />
        ) : null}
        {selectable && total !== undefined ? (
          <SelectionBanner
            allMatching={sel.mode === "all"}
            pageFullySelected={pageFullySelected}
            pageCount={rows.length}
            total={total}
            excluded={sel.mode === "all" ? sel.excluded.size : 0}
            onSelectAll={() => update({ mode: "all", excluded: new Set() })}
            onClear={() => update(NO_SELECTION)}
          />
        ) : null}
        {filterRefused ? (
          <Alert tone="danger" title="These filters cannot be applied" className="m-4">
            <p>{safeErrorMessage(rowsQuery.error, "Change or clear the filters.")}</p>
            <Button variant="secondary" size="sm" className="mt-3" onClick={url.clearFilters}>
              Clear filters
            </Button>
          </Alert>
        ) : (
          <DataTable
            table={table}
            caption={`${meta.label}${total !== undefined ? `, ${total} matching rows` : ""}`}
            density={params.density}
            pending={rowsQuery.isPending}
            fetching={rowsQuery.isFetching}
            headerExtra={(id) => {
              const field = fieldMap.get(id);
              if (!field || !filterFields.includes(field)) return null;
              return (
                <ColumnFilter
                  key={JSON.stringify(params.f.find((c) => c.field === id) ?? null)}
                  field={field}
                  current={params.f.find((c) => c.field === id)}
                  onApply={(c) => url.setColumnFilter(id, c)}
                  me={currentUser}
                />
              );
            }}
            rowClassName={(row) => (row.getIsSelected() ? "bg-blue-50/60 hover:bg-blue-50" : undefined)}
            empty={
              <div className="flex flex-col items-center text-center">
                {filtering ? <FunnelX aria-hidden className="size-6 text-slate-400" /> : <Table2 aria-hidden className="size-6 text-slate-400" />}
                <p className="mt-3 text-sm font-semibold text-slate-900">{filtering ? "No rows match these filters" : `No ${meta.label.toLowerCase()} here`}</p>
                <p className="mt-1 text-sm text-slate-500">
                  {filtering ? "Loosen or clear the filters to see more." : params.scope === "active" ? "Nothing has been added yet." : "Nothing in this view."}
                </p>
                {filtering ? (
                  <Button variant="secondary" size="sm" className="mt-4" onClick={url.clearFilters}>
                    Clear filters
                  </Button>
                ) : null}
              </div>
            }
          />
        )}
        <Pagination
          page={params.page}
          pageSize={params.size}
          // While another page or filter loads, the old total would describe the wrong rows.
          total={rowsQuery.isPlaceholderData ? undefined : total}
          sizes={PAGE_SIZES}
          onPage={url.setPage}
          onPageSize={url.setPageSize}
        />
      </Card>
      {exporting ? <ExportSelectionDialog resource={meta.name} target={target} count={count} onClose={() => setExporting(false)} /> : null}
      {historyOf ? <RowHistorySheet meta={meta} rowId={historyOf.id} rowTitle={historyOf.title} onClose={() => setHistoryOf(null)} /> : null}
      {fetching ? <FetchFilesDialog target={target} count={count} onClose={() => setFetching(false)} /> : null}
      {composing ? (
        <ComposerDialog meta={meta} operation={composing} target={target} count={count} onClose={() => setComposing(null)} />
      ) : null}
    </div>
  );
}
