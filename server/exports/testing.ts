// Helpers for the export tests: parse what the exports produce and read stored files back.
import ExcelJS from "exceljs";
import { logger } from "../logger";
import { fileBytes } from "../storage/reader";
import { pool } from "../db";
import { runExport } from "./run";

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes) into rows of strings. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) rows.push([...row, field]);
  return rows;
}

/** CSV as objects keyed by the header row. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

/** The whole content of a stored file. */
export async function readStoredFile(fileId: string): Promise<Buffer> {
  const { rows } = await pool().query<{ size: number }>("SELECT size FROM stored_files WHERE id = $1", [fileId]);
  const chunks: Buffer[] = [];
  for await (const chunk of fileBytes(fileId, 0, rows[0]!.size - 1)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Runs an export batch to the end in this process, as a worker would. */
export async function runExportNow(batchId: string, progressIntervalMs?: number): Promise<void> {
  await runExport(batchId, logger, { progressIntervalMs });
}

/** The export file of a batch, if one is visible. */
export async function exportFileOf(batchId: string): Promise<{ id: string; name: string; size: number; row_count: number; sha256: string; state: string } | null> {
  const { rows } = await pool().query("SELECT id, name, size, row_count, sha256, state FROM stored_files WHERE batch_id = $1 AND state <> 'writing'", [batchId]);
  return rows[0] ?? null;
}

/** The first sheet of an XLSX file as rows of cell values (row 1 is the header). */
export async function readXlsx(data: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1));
  });
  return rows;
}
