import { AppError } from "../errors";
import { letters } from "./definitions/letters";
import { mediaFiles } from "./definitions/media-files";
import { museumItems } from "./definitions/museum-items";
import { orders } from "./definitions/orders";
import { plazaPosts } from "./definitions/plaza-posts";
import { products } from "./definitions/products";
import { vesselSchedules } from "./definitions/vessel-schedules";
import type { FieldDef, ResourceDef } from "./types";

/** Every resource Batchdesk operates on. Adding one: a definition file, its Prisma model, one line here. */
export const RESOURCES: readonly ResourceDef[] = [letters, products, orders, plazaPosts, museumItems, vesselSchedules, mediaFiles];

const byName = new Map(RESOURCES.map((r) => [r.name, r]));

/** The resource called `name`, or a NOT_FOUND error. */
export function getResource(name: string): ResourceDef {
  const r = byName.get(name);
  if (!r) throw new AppError("NOT_FOUND", `Unknown resource "${name}".`);
  return r;
}

/** The field called `name` of `resource`, or a BAD_REQUEST error naming it. */
export function getField(resource: ResourceDef, name: string): FieldDef {
  const f = resource.fields.find((x) => x.name === name);
  if (!f) throw new AppError("BAD_REQUEST", `Unknown field "${name}" on ${resource.label}.`, { field: name });
  return f;
}

/** A writable field, or a BAD_REQUEST error when it is unknown or read-only. */
export function getWritableField(resource: ResourceDef, name: string): FieldDef {
  const f = getField(resource, name);
  if (f.readOnly) throw new AppError("BAD_REQUEST", `Field "${f.label}" is read-only.`, { field: name });
  return f;
}
