import { commonFields, LIFECYCLE, ROW_OPERATIONS } from "../fields";
import type { ResourceDef } from "../types";

export const letters: ResourceDef = {
  name: "letters",
  table: "letters",
  label: "Letters",
  singular: "letter",
  titleField: "title",
  fields: [
    { name: "title", column: "title", label: "Title", type: "text", pg: "text", required: true, max: 200, searchable: true },
    { name: "content", column: "content", label: "Content", type: "longText", pg: "text", required: true, sensitive: true, hiddenByDefault: true },
    { name: "status", column: "status", label: "Status", type: "select", pg: "text", required: true, options: ["draft", "generated", "sent", "delivered", "failed"], default: "draft" },
    { name: "anonymous", column: "anonymous", label: "Anonymous", type: "boolean", pg: "bool", notNull: true, default: false },
    { name: "senderName", column: "sender_name", label: "Sender", type: "text", pg: "text", max: 120, sensitive: true, searchable: true },
    ...commonFields({ archiveLocation: true }),
  ],
  status: {
    field: "status",
    transitions: {
      draft: ["generated"],
      generated: ["sent", "draft"],
      sent: ["delivered", "failed"],
      failed: ["sent"],
      delivered: [],
    },
  },
  ownerField: "ownerId",
  softDelete: LIFECYCLE.softDelete,
  archive: { ...LIFECYCLE.archive, location: "archiveLocation" },
  operations: ROW_OPERATIONS,
  defaultSort: { field: "id", dir: "desc" },
  demo: {
    rows: 5_000,
    insert: (p) => ({
      sql: `INSERT INTO letters (title, content, status, anonymous, sender_name, owner_id, created_at, updated_at)
        SELECT pg_temp.pick($3, g, 1), pg_temp.pick($4, g, 2),
          (ARRAY['draft','draft','draft','draft','draft','draft','generated','generated','generated','generated',
                 'generated','sent','sent','sent','sent','sent','delivered','delivered','delivered','failed'])[1 + pg_temp.h(g, 0) % 20],
          g % 10 = 0, CASE WHEN g % 10 = 0 THEN NULL ELSE pg_temp.pick($5, g, 3) END,
          pg_temp.pick($6, g, 4), t, t
        FROM generate_series($1::bigint, $2::bigint) g,
             LATERAL (SELECT now() - (pg_temp.h(g, 5) % 31536000) * interval '1 second' AS t) ts`,
      params: [p.titles, p.paragraphs, p.people],
    }),
  },
};
