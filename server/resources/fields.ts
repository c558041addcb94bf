import type { FieldDef } from "./types";

/** The columns every resource shares: id, owner, lifecycle timestamps and the version counter. */
export function commonFields(opts: { softDelete?: boolean; archive?: boolean; archiveLocation?: boolean } = {}): FieldDef[] {
  const fields: FieldDef[] = [
    { name: "id", column: "id", label: "ID", type: "number", pg: "int4", readOnly: true },
    { name: "ownerId", column: "owner_id", label: "Owner", type: "user", pg: "text", required: true },
    { name: "createdAt", column: "created_at", label: "Created", type: "datetime", pg: "timestamptz", readOnly: true },
    { name: "updatedAt", column: "updated_at", label: "Updated", type: "datetime", pg: "timestamptz", readOnly: true },
    { name: "version", column: "version", label: "Version", type: "number", pg: "int4", readOnly: true, hiddenByDefault: true },
  ];
  if (opts.softDelete !== false) {
    fields.push(
      { name: "deletedAt", column: "deleted_at", label: "Deleted", type: "datetime", pg: "timestamptz", readOnly: true, hiddenByDefault: true },
      { name: "deleteReason", column: "delete_reason", label: "Delete reason", type: "text", pg: "text", readOnly: true, hiddenByDefault: true },
    );
  }
  if (opts.archive !== false) {
    fields.push(
      { name: "archivedAt", column: "archived_at", label: "Archived", type: "datetime", pg: "timestamptz", readOnly: true, hiddenByDefault: true },
      { name: "archiveReason", column: "archive_reason", label: "Archive reason", type: "text", pg: "text", readOnly: true, hiddenByDefault: true },
    );
  }
  if (opts.archiveLocation) {
    fields.push({ name: "archiveLocation", column: "archive_location", label: "Archive location", type: "text", pg: "text", readOnly: true, hiddenByDefault: true });
  }
  return fields;
}

export const ROW_OPERATIONS = ["update", "updatePerRow", "statusChange", "softDelete", "hardDelete", "archive", "restore", "create", "export"] as const;
export const LIFECYCLE = { softDelete: { at: "deletedAt", reason: "deleteReason" }, archive: { at: "archivedAt", reason: "archiveReason" } } as const;
