import { commonFields, LIFECYCLE, ROW_OPERATIONS } from "../fields";
import type { ResourceDef } from "../types";

export const orders: ResourceDef = {
  name: "orders",
  table: "orders",
  label: "Orders",
  singular: "order",
  titleField: "number",
  fields: [
    { name: "number", column: "number", label: "Number", type: "text", pg: "text", required: true, unique: true, pattern: "^ORD-[0-9]{4,12}$", patternHint: "ORD- followed by 4–12 digits", searchable: true },
    { name: "customer", column: "customer", label: "Customer", type: "text", pg: "text", required: true, max: 200, sensitive: true, searchable: true },
    { name: "total", column: "total", label: "Total", type: "currency", pg: "numeric", required: true, min: 0, max: 9999999999.99, scale: 2 },
    { name: "status", column: "status", label: "Status", type: "select", pg: "text", required: true, options: ["pending", "paid", "shipped", "delivered", "cancelled", "refunded"], default: "pending" },
    { name: "placedAt", column: "placed_at", label: "Placed", type: "datetime", pg: "timestamptz", required: true },
    ...commonFields(),
  ],
  status: {
    field: "status",
    transitions: {
      pending: ["paid", "cancelled"],
      paid: ["shipped", "cancelled"],
      shipped: ["delivered"],
      delivered: ["refunded"],
      cancelled: [],
      refunded: [],
    },
  },
  ownerField: "ownerId",
  naturalKey: ["number"],
  softDelete: LIFECYCLE.softDelete,
  archive: LIFECYCLE.archive,
  operations: [...ROW_OPERATIONS, "upsert", "deleteByKey", "updateByKey"],
  defaultSort: { field: "placedAt", dir: "desc" },
  demo: {
    rows: 5_000,
    insert: (p) => ({
      sql: `INSERT INTO orders (number, customer, total, status, placed_at, owner_id, created_at, updated_at)
        SELECT 'ORD-' || lpad(g::text, 8, '0'), pg_temp.pick($3, g, 1), round((500 + pg_temp.h(g, 0) % 500000) / 100.0, 2),
          (ARRAY['pending','pending','paid','paid','paid','shipped','shipped','delivered','delivered','cancelled'])[1 + pg_temp.h(g, 2) % 10],
          t, pg_temp.pick($4, g, 4), t, t
        FROM generate_series($1::bigint, $2::bigint) g,
             LATERAL (SELECT now() - (pg_temp.h(g, 5) % 15552000) * interval '1 second' AS t) ts`,
      params: [p.people],
    }),
  },
};
