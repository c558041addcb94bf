import { isGroup, toServerFilter, type Condition, type FilterGroup } from "@/components/filters/filter-model";
import { parseSort } from "./search-params";
import type { FieldMeta, RowSelectionInput, Scope } from "./types";

export type TableParams = {
  page: number;
  size: number;
  sort: string | null;
  q: string;
  scope: Scope;
  f: Condition[];
  adv: FilterGroup | null;
};

/** What the rows match: column filters AND the builder's group, scope and quick search. */
export function selectionFrom(params: Pick<TableParams, "q" | "scope" | "f" | "adv">, fields: FieldMeta[]): RowSelectionInput {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const all: FilterGroup = { combinator: "and", conditions: [...params.f, ...(params.adv ? [params.adv] : [])] };
  const filter = toServerFilter(all, byName);
  // A single nested group needs no wrapper.
  const flat = filter && filter.conditions.length === 1 && isGroup(filter.conditions[0]!) ? filter.conditions[0] : filter;
  const q = params.q.trim();
  return { scope: params.scope, ...(flat ? { filter: flat as FilterGroup } : {}), ...(q ? { q } : {}) };
}

/** The `resources.query` input for a table view (same on the server page and in the browser). */
export function queryInputFrom(resource: string, params: TableParams, fields: FieldMeta[]) {
  const sort = parseSort(params.sort);
  const known = sort && fields.some((f) => f.name === sort.field) ? sort : null;
  return {
    resource,
    selection: selectionFrom(params, fields),
    ...(known ? { sort: known } : {}),
    page: Math.max(1, params.page),
    pageSize: params.size,
  };
}
