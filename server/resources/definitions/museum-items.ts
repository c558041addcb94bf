import { commonFields, LIFECYCLE, ROW_OPERATIONS } from "../fields";
import type { ResourceDef } from "../types";

export const museumItems: ResourceDef = {
  name: "museum_items",
  table: "museum_items",
  label: "Museum items",
  singular: "museum item",
  titleField: "title",
  fields: [
    { name: "title", column: "title", label: "Title", type: "text", pg: "text", required: true, max: 200, searchable: true },
    { name: "description", column: "description", label: "Description", type: "longText", pg: "text", notNull: true, default: "", hiddenByDefault: true },
    { name: "status", column: "status", label: "Status", type: "select", pg: "text", required: true, options: ["on_display", "in_storage", "on_loan"], default: "in_storage" },
    ...commonFields(),
  ],
  status: {
    field: "status",
    transitions: { in_storage: ["on_display", "on_loan"], on_display: ["in_storage", "on_loan"], on_loan: ["in_storage"] },
  },
  ownerField: "ownerId",
  softDelete: LIFECYCLE.softDelete,
  archive: LIFECYCLE.archive,
  operations: ROW_OPERATIONS,
  defaultSort: { field: "id", dir: "desc" },
  demo: {
    rows: 2_000,
    insert: (p) => ({
      sql: `INSERT INTO museum_items (title, description, status, owner_id)
        SELECT pg_temp.pick($3, g, 1), pg_temp.pick($4, g, 2),
          (ARRAY['on_display','in_storage','in_storage','on_loan'])[1 + pg_temp.h(g, 0) % 4], pg_temp.pick($5, g, 4)
        FROM generate_series($1::bigint, $2::bigint) g`,
      params: [p.titles, p.paragraphs],
    }),
  },
};
