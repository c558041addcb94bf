import type { ResourceMeta } from "@/components/resources/types";
import type { OperationType } from "@/server/contracts/stored-operation";

/** Operations a user starts from selected rows in the table (the others take CSV rows, see composer/rows-dialog, or are exports). */
export const COMPOSABLE = ["update", "statusChange", "archive", "restore", "softDelete", "hardDelete"] as const;
export type ComposableOperation = (typeof COMPOSABLE)[number];

export const OPERATION_LABEL: Record<OperationType, string> = {
  update: "Edit fields",
  statusChange: "Change status",
  softDelete: "Move to trash",
  hardDelete: "Delete permanently",
  archive: "Archive",
  restore: "Restore",
  create: "Create rows",
  upsert: "Create or update rows",
  deleteByKey: "Delete by key",
  updateByKey: "Update by key",
  updatePerRow: "Update per row",
  export: "Export",
  fetch: "Fetch files",
  revert: "Revert",
};

/** Operations that cannot be undone by a revert: the user types a confirmation first. */
export const DESTRUCTIVE: ReadonlySet<string> = new Set(["hardDelete", "deleteByKey"]);

/** The composable operations this resource has and this user's role may run, in menu order. */
export function composableOperations(meta: ResourceMeta): ComposableOperation[] {
  return COMPOSABLE.filter((op) => {
    if (!meta.operations.includes(op)) return false;
    if (op === "statusChange") return Boolean(meta.status);
    if (op === "archive") return meta.hasArchive;
    if (op === "softDelete") return meta.hasSoftDelete;
    if (op === "restore") return meta.hasArchive || meta.hasSoftDelete;
    return true;
  });
}
