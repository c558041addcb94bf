// Helpers for the export tests: run exports in the test process and read stored files back
// (CSV is read by ./csv.ts).
import ExcelJS from "exceljs";
import { pool } from "../../server/db";
import { runExport } from "../../server/exports/run";
import { logger } from "../../server/logger";
import { fileBytes } from "../../server/storage/reader";

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
