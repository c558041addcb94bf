import { commonFields, LIFECYCLE, ROW_OPERATIONS } from "../fields";
import type { ResourceDef } from "../types";

export const products: ResourceDef = {
  name: "products",
  table: "products",
  label: "Products",
  singular: "product",
  titleField: "name",
  fields: [
    { name: "name", column: "name", label: "Name", type: "text", pg: "text", required: true, max: 200, searchable: true },
    { name: "sku", column: "sku", label: "SKU", type: "text", pg: "text", required: true, unique: true, pattern: "^[A-Z0-9-]{3,32}$", patternHint: "3–32 capital letters, digits or dashes", searchable: true },
    { name: "price", column: "price", label: "Price", type: "currency", pg: "numeric", required: true, min: 0, max: 9999999999.99, scale: 2 },
    { name: "stock", column: "stock", label: "Stock", type: "number", pg: "int4", required: true, min: 0, max: 2147483647, scale: 0, default: 0 },
    { name: "status", column: "status", label: "Status", type: "select", pg: "text", required: true, options: ["active", "inactive", "discontinued"], default: "active" },
    { name: "tags", column: "tags", label: "Tags", type: "multiSelect", pg: "text[]", default: [], options: ["new", "sale", "eco", "bestseller", "limited", "gift", "bulk", "imported", "local", "premium"] },
    ...commonFields(),
  ],
  status: {
    field: "status",
    transitions: { active: ["inactive", "discontinued"], inactive: ["active", "discontinued"], discontinued: [] },
  },
  ownerField: "ownerId",
  naturalKey: ["sku"],
  softDelete: LIFECYCLE.softDelete,
  archive: LIFECYCLE.archive,
  operations: [...ROW_OPERATIONS, "upsert", "deleteByKey", "updateByKey"],
  defaultSort: { field: "id", dir: "desc" },
  demo: {
    rows: 2_000,
    insert: (p) => ({
      sql: `INSERT INTO products (name, sku, price, stock, status, tags, owner_id)
        SELECT pg_temp.pick($3, g, 1), 'SKU-' || lpad(g::text, 8, '0'), round((1 + pg_temp.h(g, 0) % 50000) / 100.0, 2),
          pg_temp.h(g, 2) % 500,
          (ARRAY['active','active','active','active','active','active','inactive','inactive','discontinued','active'])[1 + pg_temp.h(g, 3) % 10],
          ARRAY(SELECT DISTINCT pg_temp.pick($4, g, k::int) FROM generate_series(1, 1 + pg_temp.h(g, 4) % 3) k),
          pg_temp.pick($5, g, 4)
        FROM generate_series($1::bigint, $2::bigint) g`,
      params: [p.products, p.tags],
    }),
  },
};
