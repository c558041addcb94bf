import type { Role } from "../auth/roles";
import type { OperationKind, ResourceDef } from "../resources/types";

const ADMIN_ONLY: ReadonlySet<OperationKind> = new Set(["hardDelete", "deleteByKey"]);

/** Operations `role` may start on `res`: viewers none, operators all but destructive ones, admins all. */
export function allowedOperations(res: ResourceDef, role: Role): OperationKind[] {
  if (role === "viewer") return [];
  return res.operations.filter((op) => role === "admin" || !ADMIN_ONLY.has(op));
}

/** Operators act only on rows they own; admins on every row. Checked per row by the planner. */
export function restrictedToOwnRows(role: Role): boolean {
  return role !== "admin";
}

/** Only admins may push a status change past the allowed transitions. */
export function mayForce(role: Role): boolean {
  return role === "admin";
}
