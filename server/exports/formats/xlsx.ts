import type { FieldDef } from "../../resources/types";
import { ident } from "../../sql/params";
import { RAW_LINES } from "./sql";
import type { FormatSpec } from "./types";
import { startsLikeFormula } from "./csv";
import { columnLetter, EXCEL_EPOCH_DAYS, MAX_CELL_CHARS, STYLE_DATE, STYLE_DATETIME, STYLE_QUOTED_TEXT, XlsxWriter, type XlsxColumn } from "./xlsx-writer";

const NEWLINE = 0x0a;

// Characters XML 1.0 cannot carry, dropped as the writer drops them (\x01 and \x02 are also RAW_LINES's quote and delimiter).
const INVALID_XML = String.raw`E'\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\uFFFE\uFFFF'`;

// Any character that needs work in a text cell: an invalid one (above), one to escape, a line break.
const TEXT_NEEDS_WORK = String.raw`'[\x01-\x08\x0b\x0c\x0e-\x1f\uFFFE\uFFFF&<>\n\r]'`;

/**
 * Text as the content of an inline-string cell: invalid characters dropped, cut at Excel's cell
 * limit, escaped, and line breaks as character references, so that each row stays on one COPY line.
 * Most values need none of it, and one regular-expression test is cheaper than the six calls.
 */
function xmlTextSql(v: string): string {
  const cut = `left(translate(${v}, ${INVALID_XML}, ''), ${MAX_CELL_CHARS})`;
  const escaped = `replace(replace(replace(${cut}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;
  const full = String.raw`replace(replace(${escaped}, E'\n', '&#10;'), E'\r', '&#13;')`;
  // A value of at most MAX_CELL_CHARS bytes has at most that many characters.
  return `CASE WHEN ${v} ~ ${TEXT_NEEDS_WORK} OR octet_length(${v}) > ${MAX_CELL_CHARS} THEN ${full} ELSE ${v} END`;
}

/**
 * One cell's XML for field `f` in column `letter`, or NULL (no cell) when the value is NULL. concat()
 * builds each value once, where a chain of || copies the growing string at every step.
 */
function cellSql(f: FieldDef, kind: XlsxColumn["kind"], letter: string, escapeFormulas: boolean): string {
  const c = `t.${ident(f.column)}`;
  const cell = (attrs: string, body: string) => `concat('<c r="${letter}', t.xlsx_row_no, '"${attrs}>', ${body}, '</c>')`;
  const text = (v: string) => cell(` t="inlineStr"`, `'<is><t xml:space="preserve">', ${xmlTextSql(v)}, '</t></is>'`);
  // An inline string never runs as a formula when opened; the quote prefix keeps it text when edited.
  const userText = (v: string) =>
    escapeFormulas
      ? `concat('<c r="${letter}', t.xlsx_row_no, '"', CASE WHEN ${startsLikeFormula(v)} THEN ' s="${STYLE_QUOTED_TEXT}"' END, ' t="inlineStr"><is><t xml:space="preserve">', ${xmlTextSql(v)}, '</t></is></c>')`
      : text(v);
  const value = (attrs: string, v: string) => cell(attrs, `'<v>', ${v}, '</v>'`);
  switch (kind) {
    case "number":
      // numeric has NaN and infinities, which a number cell cannot hold: they go as text.
      if (f.pg === "numeric") return `CASE WHEN ${c} IS NULL THEN NULL WHEN ${c}::text IN ('NaN', 'Infinity', '-Infinity') THEN ${text(`${c}::text`)} ELSE ${value("", `${c}::text`)} END`;
      return `CASE WHEN ${c} IS NOT NULL THEN ${value("", `${c}::text`)} END`;
    case "boolean":
      return `CASE WHEN ${c} THEN ${value(` t="b"`, "'1'")} WHEN NOT ${c} THEN ${value(` t="b"`, "'0'")} END`;
    case "datetime":
      return `CASE WHEN isfinite(${c}) THEN ${value(` s="${STYLE_DATETIME}"`, `(date_part('epoch', ${c}) / 86400 + ${EXCEL_EPOCH_DAYS})::text`)} WHEN ${c} IS NOT NULL THEN ${text(`${c}::text`)} END`;
    case "date":
      return `CASE WHEN isfinite(${c}) THEN ${value(` s="${STYLE_DATE}"`, `(${c} - date '1899-12-30')::text`)} WHEN ${c} IS NOT NULL THEN ${text(`${c}::text`)} END`;
    default: {
      const v = f.pg === "text[]" ? `array_to_string(${c}, ', ', '')` : f.pg === "text" ? c : `${c}::text`;
      return `CASE WHEN ${c} IS NOT NULL THEN ${f.pg === "text" || f.pg === "text[]" ? userText(v) : text(v)} END`;
    }
  }
}

/** concat() of many arguments (it takes at most 100; NULLs add nothing). */
function concatSql(args: string[]): string {
  if (args.length <= 90) return `concat(${args.join(", ")})`;
  const groups: string[] = [];
  for (let i = 0; i < args.length; i += 90) groups.push(concatSql(args.slice(i, i + 90)));
  return concatSql(groups);
}

/** The rows in a piece of COPY output (one row per line). */
function countLines(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

function column(f: FieldDef): XlsxColumn {
  switch (f.pg) {
    case "int4":
    case "int8":
    case "numeric":
      return { header: f.label, kind: "number", width: Math.max(10, f.label.length + 2) };
    case "bool":
      return { header: f.label, kind: "boolean", width: Math.max(10, f.label.length + 2) };
    case "timestamptz":
      return { header: `${f.label} (UTC)`, kind: "datetime", width: 20 };
    case "date":
      return { header: f.label, kind: "date", width: 12 };
    default:
      return { header: f.label, kind: "text", width: f.type === "longText" ? 60 : Math.min(40, Math.max(14, f.label.length + 2)) };
  }
}

export const xlsxFormat: FormatSpec = {
  mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  // PostgreSQL writes each row's sheet XML, one line per row; Node only counts lines and compresses.
  // Parsing rows and building their XML in JavaScript made enough short-lived objects per row to
  // fill V8's old generation during a long export (about +60 MB of heap at 1M rows).
  copySql: (fields, from, { escapeFormulas }) => {
    const cols = [...new Set([`t.${ident("id")}`, ...fields.map((f) => `t.${ident(f.column)}`)])].join(", ");
    const row = concatSql([`'<row r="'`, "t.xlsx_row_no", `'">'`, ...fields.map((f, i) => cellSql(f, column(f).kind, columnLetter(i), escapeFormulas)), `'</row>'`]);
    const rows = `SELECT ${cols}, (row_number() OVER (ORDER BY t.id) + 1)::text AS xlsx_row_no FROM ${from}`;
    return `COPY (SELECT ${row} FROM (${rows}) t ORDER BY t.id) TO STDOUT ${RAW_LINES}`;
  },
  async encode(input, output, { res, fields, onRows, signal }) {
    const writer = new XlsxWriter(output, fields.map(column), res.label);
    try {
      for await (const chunk of input as AsyncIterable<Buffer>) {
        signal?.throwIfAborted();
        const ok = writer.addRowsXml(chunk, countLines(chunk));
        onRows(writer.rows);
        if (!ok) await writer.drain();
      }
      await writer.finish();
    } catch (err) {
      writer.abort();
      throw err;
    }
  },
};
