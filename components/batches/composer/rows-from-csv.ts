import Papa from "papaparse";
import type { FieldMeta, ResourceMeta } from "@/components/resources/types";
import type { FieldValue } from "@/server/contracts/values";

/** Operations that take their rows from pasted or uploaded CSV rather than from the table's selection. */
export const CSV_OPERATIONS = ["create", "upsert", "deleteByKey", "updatePerRow"] as const;
export type RowOperation = (typeof CSV_OPERATIONS)[number];

/** The most rows one batch takes from CSV (the engine's limit for item lists). */
export const MAX_CSV_ROWS = 100_000;

type Item = Record<string, FieldValue>;
export type RowsBatch =
  | { target: { kind: "items"; items: Item[] }; operation: { type: "create" } | { type: "upsert" } }
  | { target: { kind: "naturalKeys"; keys: Item[] }; operation: { type: "deleteByKey" } }
  | { target: { kind: "ids"; ids: number[] }; operation: { type: "updatePerRow"; field: string; values: { id: number; value: FieldValue }[] } };

export type RowsResult = { ok: true; batch: RowsBatch; rows: number; columns: string[] } | { ok: false; error: string };

/** The row operations this resource has and this user may run (upsert and delete by key need a natural key). */
export function rowOperations(meta: ResourceMeta): RowOperation[] {
  return CSV_OPERATIONS.filter((op) => meta.operations.includes(op) && (op === "create" || op === "updatePerRow" || Boolean(meta.naturalKey?.length)));
}

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_-]+/g, "");

/** What a cell becomes: lists split on ";" (as exports write them), everything else the text as is. */
function cellValue(field: FieldMeta, text: string): FieldValue {
  if (field.type === "multiSelect") return text.split(";").map((s) => s.trim()).filter(Boolean);
  return text;
}

/**
 * Reads CSV text (first line: column names, matched to field names or labels, any case) into the
 * batch `operation` takes. Empty cells are left out, so a field keeps its value (or gets its
 * default). Problems come back as one message naming the row or column, before anything is sent.
 */
export function rowsFromCsv(meta: ResourceMeta, operation: RowOperation, text: string): RowsResult {
  if (!text.trim()) return { ok: false, error: "Paste CSV text or choose a file first." };
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: "greedy", transformHeader: (h) => h.trim() });
  const problem = parsed.errors[0];
  if (problem) {
    // Quote errors carry the character offset (their row number counts differently); others the data row.
    const line = problem.index !== undefined ? text.slice(0, problem.index).split("\n").length : (problem.row ?? 0) + 2;
    return { ok: false, error: `Line ${line}: ${problem.message}.` };
  }
  const headers = (parsed.meta.fields ?? []).filter((h) => h !== "");
  if (parsed.data.length === 0) return { ok: false, error: "The CSV has a header line but no rows." };
  if (parsed.data.length > MAX_CSV_ROWS) return { ok: false, error: `One batch takes at most ${MAX_CSV_ROWS.toLocaleString("en-US")} rows; this CSV has ${parsed.data.length.toLocaleString("en-US")}. Split it.` };

  const byName = new Map<string, FieldMeta>();
  for (const f of meta.fields) {
    byName.set(norm(f.name), f);
    byName.set(norm(f.label), f);
  }
  const idColumn = headers.find((h) => norm(h) === "id");
  const unknown = headers.filter((h) => h !== idColumn && !byName.has(norm(h)));
  if (unknown.length) {
    return { ok: false, error: `Unknown ${unknown.length === 1 ? "column" : "columns"}: ${unknown.join(", ")}. Use field names such as ${meta.fields.slice(0, 4).map((f) => f.name).join(", ")}.` };
  }
  const columns = headers.filter((h) => h !== idColumn).map((h) => ({ header: h, field: byName.get(norm(h))! }));
  const fieldNames = columns.map((c) => c.field.name);
  const duplicate = fieldNames.find((n, i) => fieldNames.indexOf(n) !== i);
  if (duplicate) return { ok: false, error: `Two columns are the field ${duplicate}.` };
  const readOnly = operation === "deleteByKey" ? [] : columns.filter((c) => c.field.readOnly).map((c) => c.header);
  if (readOnly.length) {
    return { ok: false, error: `${readOnly.join(", ")} ${readOnly.length === 1 ? "is" : "are"} set by Batchdesk, not from a CSV: remove ${readOnly.length === 1 ? "that column" : "those columns"}.` };
  }

  if (operation === "updatePerRow") {
    if (!idColumn || columns.length !== 1) return { ok: false, error: "Update per row takes two columns: id and the one field to set." };
    const field = columns[0]!;
    const values: { id: number; value: FieldValue }[] = [];
    for (const [i, row] of parsed.data.entries()) {
      const id = Number(row[idColumn]);
      if (!Number.isInteger(id) || id <= 0) return { ok: false, error: `Line ${i + 2}: "${row[idColumn] ?? ""}" is not a row id.` };
      const text = row[field.header] ?? "";
      // As everywhere in a CSV here, an empty cell leaves the row's value as it is.
      if (text.trim() !== "") values.push({ id, value: cellValue(field.field, text) });
    }
    if (values.length === 0) return { ok: false, error: `Every ${field.field.label} cell is empty: there is nothing to set.` };
    const ids = [...new Set(values.map((v) => v.id))];
    return { ok: true, rows: values.length, columns: ["id", field.field.name], batch: { target: { kind: "ids", ids }, operation: { type: "updatePerRow", field: field.field.name, values } } };
  }
  if (idColumn) return { ok: false, error: "Rows are matched by their fields, not by id: remove the id column (or use Update per row)." };

  const key = meta.naturalKey ?? [];
  if (operation !== "create") {
    const missing = key.filter((k) => !fieldNames.includes(k));
    if (missing.length) return { ok: false, error: `Rows are matched by ${key.join(" + ")}: add the ${missing.join(", ")} ${missing.length === 1 ? "column" : "columns"}.` };
  }
  if (operation === "deleteByKey") {
    const extra = fieldNames.filter((n) => !key.includes(n));
    if (extra.length) return { ok: false, error: `Delete by key takes only the key columns (${key.join(", ")}); remove ${extra.join(", ")}.` };
  }

  const items: Item[] = parsed.data.map((row) => {
    const item: Item = {};
    for (const c of columns) {
      const text = row[c.header] ?? "";
      if (text.trim() !== "") item[c.field.name] = cellValue(c.field, text);
    }
    return item;
  });
  const empty = items.findIndex((it) => Object.keys(it).length === 0);
  if (empty !== -1) return { ok: false, error: `Line ${empty + 2} has no values.` };
  const summary = { rows: items.length, columns: fieldNames };
  if (operation === "deleteByKey") return { ok: true, ...summary, batch: { target: { kind: "naturalKeys", keys: items }, operation: { type: "deleteByKey" } } };
  return { ok: true, ...summary, batch: { target: { kind: "items", items }, operation: { type: operation } } };
}
