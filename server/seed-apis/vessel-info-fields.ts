import type { FieldValue } from "../contracts/values";
import { AppError } from "../errors";
import { vesselSchedules } from "../resources/definitions/vessel-schedules";
import { getField } from "../resources/registry";
import type { FieldDef } from "../resources/types";

// Seed 001 (VesselInfoFromCompany) names the vessel schedule's fields its own way. This is the one
// place that says which of ours each of its names is; requests are translated on the way in,
// records on the way out. Order is the seed's field table, so records list fields as its examples do.
export const VESSEL_INFO_ALIASES = {
  id: "id",
  polCd: "portOfLoading",
  podCd: "portOfDischarge",
  vessel: "vessel",
  voyage: "voyage",
  carriercd: "carrier",
  price: "price",
  gp_20: "gp20",
  hq_40: "hq40",
  gp_40: "gp40",
  hq_20: "hq20",
  ot_20: "ot20",
  ot_40: "ot40",
  rf_20: "rf20",
  rf_40: "rf40",
  cut_off_time: "cutOffAt",
  remark: "remark",
} as const;

export type SeedName = keyof typeof VESSEL_INFO_ALIASES;
export const SEED_NAMES = Object.keys(VESSEL_INFO_ALIASES) as SeedName[];
/** The names a record may be written with (all but the id, which the database gives). */
export const WRITABLE_SEED_NAMES = SEED_NAMES.filter((n) => n !== "id");
const OURS_TO_SEED = new Map<string, SeedName>(SEED_NAMES.map((n) => [VESSEL_INFO_ALIASES[n], n]));
/** The seed's natural key, in its names: carrier, ports, vessel and voyage, as ours. */
export const KEY_SEED_NAMES: SeedName[] = (vesselSchedules.naturalKey ?? []).map((k) => OURS_TO_SEED.get(k)!);

export const vesselResource = vesselSchedules;

/** The seed's name of one of our fields (our own name for a field the seed does not list). */
export function seedNameOf(ours: string): string {
  return OURS_TO_SEED.get(ours) ?? ours;
}

/** A record as the seed sends it, with our field names (values untouched: the engine checks them per item). */
export function toOurItem(item: Partial<Record<SeedName, FieldValue>>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(item)) {
    if (value !== undefined) out[VESSEL_INFO_ALIASES[name as SeedName] ?? name] = value;
  }
  return out;
}

/**
 * A value as the seed's examples type it: container counts as text ("10"), the price as a number,
 * the cut-off as a date ("2025-06-10") when it is midnight UTC (what a date-only value is stored as),
 * else a full ISO 8601 time.
 */
function seedValue(field: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (field.name === "id") return Number(value);
  if (field.pg === "int4") return String(value);
  if (field.pg === "numeric") return Number(value);
  if (field.pg === "timestamptz") {
    const iso = new Date(value as string | Date).toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  return value;
}

/** A row (API names → values) as a seed record, with `names` (default: every seed field) in the seed's order. */
export function toSeedRecord(row: Record<string, unknown>, names: readonly SeedName[] = SEED_NAMES): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const field = getField(vesselSchedules, VESSEL_INFO_ALIASES[name]);
    out[name] = seedValue(field, row[field.name]);
  }
  return out;
}

/** `fields=id,vessel,price` as seed names, refusing one the seed does not have; all of them when empty. */
export function parseProjection(raw: string | null): SeedName[] {
  if (raw === null || raw.trim() === "") return SEED_NAMES;
  const names = raw.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(n in VESSEL_INFO_ALIASES));
  if (unknown.length) {
    throw new AppError("BAD_REQUEST", `fields中有未知字段: ${unknown.join(", ")}`, { fields: { fields: [`Unknown field(s): ${unknown.join(", ")}. Known: ${SEED_NAMES.join(", ")}.`] } });
  }
  return SEED_NAMES.filter((n) => names.includes(n));
}
