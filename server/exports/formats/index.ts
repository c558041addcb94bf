import type { ExportFormat } from "../../contracts/exports";
import { csvFormat } from "./csv";
import { jsonFormat, jsonlFormat } from "./json";
import type { FormatSpec } from "./types";
import { xlsxFormat } from "./xlsx";

export const FORMATS: Record<ExportFormat, FormatSpec> = { csv: csvFormat, json: jsonFormat, jsonl: jsonlFormat, xlsx: xlsxFormat };
