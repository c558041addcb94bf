import { commonFields, LIFECYCLE } from "../fields";
import type { FieldDef, ResourceDef } from "../types";

const CONTAINERS = ["gp20", "gp40", "hq20", "hq40", "ot20", "ot40", "rf20", "rf40"] as const;
const containerField = (name: string): FieldDef => ({
  name,
  column: name,
  label: name.toUpperCase(),
  type: "number",
  pg: "int4",
  required: true,
  min: 0,
  max: 9999,
  scale: 0,
  default: 0,
});

export const vesselSchedules: ResourceDef = {
  name: "vessel_schedules",
  table: "vessel_schedules",
  label: "Vessel schedules",
  singular: "vessel schedule",
  titleField: "vessel",
  fields: [
    { name: "carrier", column: "carrier", label: "Carrier", type: "text", pg: "text", required: true, max: 60, searchable: true },
    { name: "portOfLoading", column: "port_of_loading", label: "POL", type: "text", pg: "text", required: true, pattern: "^[A-Z]{5}$", patternHint: "a 5-letter UN/LOCODE" },
    { name: "portOfDischarge", column: "port_of_discharge", label: "POD", type: "text", pg: "text", required: true, pattern: "^[A-Z]{5}$", patternHint: "a 5-letter UN/LOCODE" },
    { name: "vessel", column: "vessel", label: "Vessel", type: "text", pg: "text", required: true, max: 120, searchable: true },
    { name: "voyage", column: "voyage", label: "Voyage", type: "text", pg: "text", required: true, max: 40, searchable: true },
    { name: "price", column: "price", label: "Price", type: "currency", pg: "numeric", required: true, min: 0, max: 9999999999.99, scale: 2 },
    ...CONTAINERS.map(containerField),
    { name: "cutOffAt", column: "cut_off_at", label: "Cut-off", type: "datetime", pg: "timestamptz", required: true },
    { name: "remark", column: "remark", label: "Remark", type: "longText", pg: "text", max: 2000 },
    ...commonFields(),
  ],
  ownerField: "ownerId",
  naturalKey: ["carrier", "portOfLoading", "portOfDischarge", "vessel", "voyage"],
  softDelete: LIFECYCLE.softDelete,
  archive: LIFECYCLE.archive,
  operations: ["update", "updatePerRow", "softDelete", "hardDelete", "archive", "restore", "create", "upsert", "deleteByKey", "updateByKey", "export"],
  defaultSort: { field: "cutOffAt", dir: "asc" },
  demo: {
    rows: 2_000,
    insert: (p) => ({
      sql: `INSERT INTO vessel_schedules (carrier, port_of_loading, port_of_discharge, vessel, voyage, price,
          gp20, gp40, hq20, hq40, ot20, ot40, rf20, rf40, cut_off_at, remark, owner_id)
        SELECT pg_temp.pick($3, g, 1), pol, pod, pg_temp.pick($5, g, 4), lpad((g % 1000)::text, 3, '0') || 'E' || g,
          round((80000 + pg_temp.h(g, 0) % 400000) / 100.0, 2),
          pg_temp.h(g, 11) % 40, pg_temp.h(g, 12) % 40, pg_temp.h(g, 13) % 20, pg_temp.h(g, 14) % 40,
          pg_temp.h(g, 15) % 5, pg_temp.h(g, 16) % 5, pg_temp.h(g, 17) % 10, pg_temp.h(g, 18) % 10,
          now() + (pg_temp.h(g, 19) % 5184000) * interval '1 second',
          CASE WHEN g % 4 = 0 THEN pg_temp.pick($6, g, 7) END, pg_temp.pick($7, g, 8)
        FROM generate_series($1::bigint, $2::bigint) g,
             LATERAL (SELECT pg_temp.pick($4, g, 2) AS pol, pg_temp.pick($4, g + 7, 3) AS pod) ports`,
      params: [p.carriers, p.ports, p.vessels, p.remarks],
    }),
  },
};
