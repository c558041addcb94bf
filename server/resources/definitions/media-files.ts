import { commonFields, LIFECYCLE } from "../fields";
import type { ResourceDef } from "../types";

export const mediaFiles: ResourceDef = {
  name: "media_files",
  table: "media_files",
  label: "Media files",
  singular: "media file",
  titleField: "name",
  fields: [
    { name: "name", column: "name", label: "Name", type: "text", pg: "text", required: true, max: 255, searchable: true },
    { name: "sourceUrl", column: "source_url", label: "Source URL", type: "text", pg: "text", required: true, pattern: "^https?://.+", patternHint: "an http(s) URL" },
    { name: "sizeBytes", column: "size_bytes", label: "Size (bytes)", type: "number", pg: "int8", readOnly: true },
    { name: "mimeType", column: "mime_type", label: "MIME type", type: "text", pg: "text", max: 120 },
    { name: "downloadState", column: "download_state", label: "Download", type: "select", pg: "text", readOnly: true, options: ["pending", "downloading", "downloaded", "failed"] },
    ...commonFields(),
  ],
  ownerField: "ownerId",
  softDelete: LIFECYCLE.softDelete,
  archive: LIFECYCLE.archive,
  operations: ["update", "updatePerRow", "softDelete", "hardDelete", "archive", "restore", "create", "export"],
  defaultSort: { field: "id", dir: "desc" },
  fetchesFiles: true,
  demo: {
    rows: 2_000,
    insert: (p) => ({
      sql: `INSERT INTO media_files (name, source_url, size_bytes, mime_type, download_state, owner_id)
        SELECT name, 'https://files.example.com/media/' || g || '/' || name, NULL,
          CASE WHEN name LIKE '%.png' THEN 'image/png' WHEN name LIKE '%.jpg' OR name LIKE '%.jpeg' THEN 'image/jpeg'
               WHEN name LIKE '%.pdf' THEN 'application/pdf' ELSE 'application/octet-stream' END,
          'pending', pg_temp.pick($4, g, 4)
        FROM generate_series($1::bigint, $2::bigint) g, LATERAL (SELECT pg_temp.pick($3, g, 1) AS name) n`,
      params: [p.fileNames],
    }),
  },
};
