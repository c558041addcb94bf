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
};
