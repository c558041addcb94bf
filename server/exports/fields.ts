import { mayExportSensitive } from "../auth/policy";
import type { Role } from "../auth/roles";
import { AppError } from "../errors";
import { getField } from "../resources/registry";
import type { FieldDef, ResourceDef } from "../resources/types";

const list = (fields: FieldDef[]) => fields.map((f) => f.label).join(", ");

/**
 * The fields an export writes, in order. Sensitive fields are left out unless the user asks for
 * them (includeSensitive) and may see them (admins); naming one without asking is refused rather
 * than silently dropped, so nobody gets a file missing a column they picked.
 */
export function resolveExportFields(res: ResourceDef, opts: { fields?: string[]; includeSensitive: boolean }, role: Role): FieldDef[] {
  const sensitive = res.fields.filter((f) => f.sensitive);
  if (opts.includeSensitive && !mayExportSensitive(role) && sensitive.length) {
    throw new AppError("FORBIDDEN", `Only admins may export sensitive fields (${list(sensitive)}).`);
  }
  if (!opts.fields) return res.fields.filter((f) => opts.includeSensitive || !f.sensitive);
  const picked = [...new Set(opts.fields)].map((name) => getField(res, name));
  const blocked = picked.filter((f) => f.sensitive && !opts.includeSensitive);
  if (blocked.length) {
    throw mayExportSensitive(role)
      ? new AppError("BAD_REQUEST", `${list(blocked)} ${blocked.length > 1 ? "are" : "is"} sensitive: tick "Include sensitive fields" to export ${blocked.length > 1 ? "them" : "it"}.`)
      : new AppError("FORBIDDEN", `Only admins may export sensitive fields (${list(blocked)}).`);
  }
  return picked;
}
