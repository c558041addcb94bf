import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FieldDef } from "../../resources/types";
import { ident } from "../../sql/params";
import type { FormatSpec } from "./types";

/**
 * A field as CSV text, written by PostgreSQL itself: booleans as true/false, timestamps as ISO 8601
 * in UTC (the session runs in UTC, so `::text` ends in "+00"), lists joined with "; ".
 */
function csvValue(f: FieldDef, escapeFormulas: boolean): string {
  const c = `t.${ident(f.column)}`;
  switch (f.pg) {
    case "bool":
      return `CASE WHEN ${c} THEN 'true' WHEN NOT ${c} THEN 'false' END`;
    case "timestamptz":
      // replace() is several times cheaper per row than to_char() (measured on 1M rows).
      return `replace(${c}::text, ' ', 'T') || ':00'`;
    case "text[]":
      return escapeFormulas ? unformula(`array_to_string(${c}, '; ')`) : `array_to_string(${c}, '; ')`;
    case "text":
      return escapeFormulas ? unformula(c) : c;
    default:
      // Numbers (a negative one starts with "-"), dates and booleans are never formulas.
      return c;
  }
}

/**
 * True for text a spreadsheet would run as a formula: its first character is = + - @, a tab or a
 * carriage return (OWASP's list). ascii() reads one character code, cheaper per row than a regular
 * expression.
 */
export const startsLikeFormula = (v: string) => `ascii(${v}) IN (61, 43, 45, 64, 9, 13)`;
/** Such text prefixed with ' so it shows as text. */
const unformula = (v: string) => `CASE WHEN ${startsLikeFormula(v)} THEN '''' || ${v} ELSE ${v} END`;

const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * Passes CSV through unchanged while counting records: a newline ends a record unless it is inside
 * a quoted value (doubled quotes inside a value toggle twice, so they cancel out).
 */
export class CsvRecordCounter extends Transform {
  private inQuotes = false;
  private lines = 0;

  constructor(
    private readonly onRecords: (records: number) => void,
    private readonly header = true,
  ) {
    super();
  }

  get records(): number {
    return Math.max(0, this.lines - (this.header ? 1 : 0));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    let quote = chunk.indexOf(QUOTE);
    let newline = chunk.indexOf(NEWLINE);
    for (;;) {
      if (this.inQuotes) {
        if (quote === -1) break;
        this.inQuotes = false;
        const from = quote + 1;
        quote = chunk.indexOf(QUOTE, from);
        if (newline !== -1 && newline < from) newline = chunk.indexOf(NEWLINE, from);
      } else if (newline !== -1 && (quote === -1 || newline < quote)) {
        this.lines += 1;
        newline = chunk.indexOf(NEWLINE, newline + 1);
      } else if (quote !== -1) {
        this.inQuotes = true;
        quote = chunk.indexOf(QUOTE, quote + 1);
      } else {
        break;
      }
    }
    this.onRecords(this.records);
    callback(null, chunk);
  }
}

export const csvFormat: FormatSpec = {
  mime: "text/csv; charset=utf-8",
  copySql: (fields, from, { escapeFormulas }) =>
    `COPY (SELECT ${fields.map((f) => `${csvValue(f, escapeFormulas)} AS ${ident(f.name)}`).join(", ")} FROM ${from}) TO STDOUT WITH (FORMAT csv, HEADER)`,
  encode: (input, output, { onRows, signal }) => pipeline(input, new CsvRecordCounter(onRows), output, { signal }),
};
