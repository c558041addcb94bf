import { commonFields, LIFECYCLE, ROW_OPERATIONS } from "../fields";
import type { ResourceDef } from "../types";

export const plazaPosts: ResourceDef = {
  name: "plaza_posts",
  table: "plaza_posts",
  label: "Plaza posts",
  singular: "plaza post",
  titleField: "title",
  fields: [
    { name: "title", column: "title", label: "Title", type: "text", pg: "text", required: true, max: 200, searchable: true },
    { name: "body", column: "body", label: "Body", type: "longText", pg: "text", notNull: true, default: "", hiddenByDefault: true },
    { name: "status", column: "status", label: "Status", type: "select", pg: "text", required: true, options: ["draft", "published", "hidden"], default: "draft" },
    ...commonFields(),
  ],
  status: { field: "status", transitions: { draft: ["published"], published: ["hidden"], hidden: ["published", "draft"] } },
  ownerField: "ownerId",
  softDelete: LIFECYCLE.softDelete,
  archive: LIFECYCLE.archive,
  operations: ROW_OPERATIONS,
  defaultSort: { field: "id", dir: "desc" },
  demo: {
    rows: 2_000,
    insert: (p) => ({
      sql: `INSERT INTO plaza_posts (title, body, status, owner_id)
        SELECT pg_temp.pick($3, g, 1), pg_temp.pick($4, g, 2),
          (ARRAY['draft','published','published','published','hidden'])[1 + pg_temp.h(g, 0) % 5], pg_temp.pick($5, g, 4)
        FROM generate_series($1::bigint, $2::bigint) g`,
      params: [p.titles, p.paragraphs],
    }),
  },
};
