import { allowedOperations, mayFetchFiles, mayForce } from "../auth/policy";
import type { Role } from "../auth/roles";
import { RESOURCES } from "./registry";

/** The registry as the UI needs it, with the operations this user's role allows. */
export function resourcesMeta(role: Role) {
  return RESOURCES.map((r) => ({
    name: r.name,
    label: r.label,
    singular: r.singular,
    titleField: r.titleField,
    fields: r.fields.map(({ column: _column, ...f }) => f),
    status: r.status ?? null,
    ownerField: r.ownerField,
    naturalKey: r.naturalKey ?? null,
    hasSoftDelete: Boolean(r.softDelete),
    hasArchive: Boolean(r.archive),
    archiveHasLocation: Boolean(r.archive?.location),
    operations: allowedOperations(r, role),
    canForce: mayForce(role),
    canFetchFiles: mayFetchFiles(r, role),
    defaultSort: r.defaultSort,
  }));
}
