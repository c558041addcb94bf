import type { Pools } from "../seed/pools";

/** Field types the console, validation and the engine understand. */
export type FieldType =
  | "text"
  | "longText"
  | "number"
  | "currency"
  | "percent"
  | "boolean"
  | "date"
  | "datetime"
  | "select"
  | "multiSelect"
  | "user"
  | "relation"
  | "rating"
  | "duration";

/** How a field's value is stored; decides casts in generated SQL. */
export type PgType = "text" | "int4" | "int8" | "numeric" | "bool" | "timestamptz" | "date" | "text[]" | "interval";

export type FieldDef = {
  /** API name (camelCase), used by clients, filters and batch operations. */
  name: string;
  /** SQL column. */
  column: string;
  label: string;
  type: FieldType;
  pg: PgType;
  required?: boolean;
  /** Stored NOT NULL though it may be empty: text becomes "" instead of null, other types refuse null. */
  notNull?: boolean;
  unique?: boolean;
  /** Shown, filtered and sorted, never written by a batch (ids, timestamps, version). */
  readOnly?: boolean;
  min?: number;
  max?: number;
  /** A POSIX regular expression the whole value must match (checked by PostgreSQL). */
  pattern?: string;
  patternHint?: string;
  options?: readonly string[];
  /** Left out of exports unless the user asks for it and may see it. */
  sensitive?: boolean;
  /** Included in the quick search. */
  searchable?: boolean;
  /** Decimal places kept for currency/percent/number. */
  scale?: number;
  /** Value a created row gets when the item leaves the field out. */
  default?: unknown;
  /** Hidden in the table by default (still available). */
  hiddenByDefault?: boolean;
};

export type OperationKind =
  | "update"
  | "updatePerRow"
  | "statusChange"
  | "softDelete"
  | "hardDelete"
  | "archive"
  | "restore"
  | "create"
  | "upsert"
  | "deleteByKey"
  | "updateByKey"
  | "export";

export type ResourceDef = {
  /** URL and API name, e.g. "letters". */
  name: string;
  table: string;
  label: string;
  singular: string;
  /** The field shown as the row's title in previews. */
  titleField: string;
  fields: FieldDef[];
  status?: { field: string; transitions: Record<string, readonly string[]> };
  ownerField: string;
  naturalKey?: readonly string[];
  softDelete?: { at: string; reason: string };
  archive?: { at: string; reason: string; location?: string };
  operations: readonly OperationKind[];
  defaultSort: { field: string; dir: "asc" | "desc" };
  /** Rows hold a source URL the worker can download into storage (the media fetch). */
  fetchesFiles?: boolean;
  /** Demo rows for `npm run seed`, the first start and the tests; a resource without it is not seeded. */
  demo?: DemoData;
};

/**
 * How demo rows are made (server/seed/domain.ts runs it): one set-based INSERT for the row numbers
 * g = $1 … $2, with `params` bound from $3 on and the owner ids (text[]) after them. Values come from
 * the faker pools through `pg_temp.pick(pool, g, k)` and `pg_temp.h(g, k)` (a hash of the row number),
 * so a million rows cost one statement, not a million faker calls.
 */
export type DemoData = {
  /** Rows in the default demo set. */
  rows: number;
  insert: (pools: Pools) => { sql: string; params: unknown[] };
};
