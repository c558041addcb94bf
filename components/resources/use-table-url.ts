"use client";
import { useQueryStates } from "nuqs";
import { useCallback, useMemo } from "react";
import type { Condition, FilterGroup } from "@/components/filters/filter-model";
import { tableSearchParams, type DENSITIES } from "./search-params";
import type { Scope } from "./types";

/**
 * The resource table's URL state and its setters. Every change is a history entry (the back button
 * undoes it) except typing in the search box; any change to what rows match goes back to page 1.
 */
export function useTableUrl() {
  const [params, set] = useQueryStates(tableSearchParams, { history: "push" });

  const setters = useMemo(
    () => ({
      setPage: (page: number) => void set({ page }),
      setPageSize: (size: number) => void set({ size: size as (typeof params)["size"], page: null }),
      setSort: (sort: string | null) => void set({ sort, page: null }),
      setSearch: (q: string) => void set({ q: q || null, page: null }, { history: "replace" }),
      setScope: (scope: Scope) => void set({ scope, page: null }),
      setColumnFilters: (f: Condition[]) => void set({ f: f.length ? f : null, page: null }),
      setAdvanced: (adv: FilterGroup | null) => void set({ adv, page: null }),
      clearFilters: () => void set({ f: null, adv: null, q: null, page: null }),
      setColumns: (cols: string[] | null) => void set({ cols }),
      setOrder: (order: string[] | null) => void set({ order }),
      setDensity: (density: (typeof DENSITIES)[number]) => void set({ density }),
    }),
    [set],
  );

  const setColumnFilter = useCallback(
    (field: string, c: Condition | null) => {
      const rest = params.f.filter((x) => x.field !== field);
      setters.setColumnFilters(c ? [...rest, c] : rest);
    },
    [params.f, setters],
  );

  return { params, ...setters, setColumnFilter };
}
