import { allowedOperations, hiddenFields, mayFetchFiles, mayForce } from "../auth/policy";
import type { Role } from "../auth/roles";
import { RESOURCES } from "./registry";

/**
 * The registry as the UI needs it, with the operations this user's role allows. Fields the role may
 * not read are left out (so no column, filter, sort or form offers them) and named in `hiddenFields`.
 */
export function resourcesMeta(role: Role) {
  return RESOURCES.map((r) => {
    const hidden = hiddenFields(r, role);
    return {
      name: r.name,
      label: r.label,
      singular: r.singular,
      titleField: r.titleField,
      fields: r.fields.filter((f) => !hidden.has(f.name)).map(({ column: _column, ...f }) => f),
      hiddenFields: r.fields.filter((f) => hidden.has(f.name)).map((f) => ({ name: f.name, label: f.label })),
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
    };
  });
}
