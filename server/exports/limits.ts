import type { Role } from "../auth/roles";
import { AppError } from "../errors";
import { checkSize } from "../limits";
import { XLSX_MAX_ROWS, xlsxTooLong } from "./formats/xlsx-writer";
import type { ExportFormat } from "../contracts/exports";

/** Refuses an export of no rows, of more than an XLSX sheet holds, or of more than the role may take at once. */
export function checkExportRows(role: Role, rows: number, format: ExportFormat): void {
  if (rows === 0) throw new AppError("BAD_REQUEST", "Nothing to export: no rows match this selection.", { code: "EMPTY_SELECTION" });
  if (format === "xlsx" && rows > XLSX_MAX_ROWS) throw xlsxTooLong(rows);
  checkSize(role, "exports", rows);
}
