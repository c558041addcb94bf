import {
  parseAsArrayOf,
  parseAsInteger,
  parseAsJson,
  parseAsNumberLiteral,
  parseAsString,
  parseAsStringLiteral,
} from "nuqs/server";
import { columnFiltersSchema, filterGroupSchema, type FilterGroup } from "@/components/filters/filter-model";
import { SCOPES } from "@/server/contracts/filter";

export const PAGE_SIZES = [25, 50, 100, 250, 500] as const;
export const DENSITIES = ["comfortable", "compact"] as const;

/**
 * The resource table's state in the URL, shared by the server page and the client: page, size, sort
 * ("field.dir"), quick search, lifecycle scope, per-column filters, the and/or filter, visible
 * columns, column order and density. Selection is deliberately not here.
 */
export const tableSearchParams = {
  page: parseAsInteger.withDefault(1),
  size: parseAsNumberLiteral(PAGE_SIZES).withDefault(50),
  sort: parseAsString,
  q: parseAsString.withDefault(""),
  scope: parseAsStringLiteral(SCOPES).withDefault("active"),
  f: parseAsJson(columnFiltersSchema).withDefault([]),
  // A validator function, not the schema: the recursive schema's inferred type is lost through Standard Schema.
  adv: parseAsJson((v): FilterGroup | null => {
    const r = filterGroupSchema.safeParse(v);
    return r.success ? r.data : null;
  }),
  cols: parseAsArrayOf(parseAsString),
  order: parseAsArrayOf(parseAsString),
  density: parseAsStringLiteral(DENSITIES).withDefault("comfortable"),
};

/** "title.asc" → { field, dir }; anything else → null (the resource's default sort applies). */
export function parseSort(raw: string | null): { field: string; dir: "asc" | "desc" } | null {
  const m = raw?.match(/^([A-Za-z0-9_]+)\.(asc|desc)$/);
  return m ? { field: m[1]!, dir: m[2] as "asc" | "desc" } : null;
}
