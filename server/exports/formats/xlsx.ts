import type { FieldDef } from "../../resources/types";
import { ident } from "../../sql/params";
import { RAW_LINES } from "./sql";
import type { FormatSpec } from "./types";
import { XlsxWriter, type XlsxColumn } from "./xlsx-writer";

const NEWLINE = 0x0a;

type Convert = (v: unknown) => unknown;

/** JSON values (from json_build_array) as cell values: dates become Dates, lists text. */
function converter(f: FieldDef): Convert {
  switch (f.pg) {
    case "timestamptz":
      return (v) => (v == null ? null : new Date(v as string));
    case "date":
      return (v) => (v == null ? null : new Date(`${v as string}T00:00:00Z`));
    case "text[]":
      return (v) => (Array.isArray(v) ? v.join(", ") : null);
    default:
      return (v) => v;
  }
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
  copySql: (fields, from) => {
    // json_build_array takes at most 100 arguments; no resource comes close.
    if (fields.length > 100) throw new Error("XLSX exports are limited to 100 fields");
    return `COPY (SELECT json_build_array(${fields.map((f) => `t.${ident(f.column)}`).join(", ")})::text FROM ${from}) TO STDOUT ${RAW_LINES}`;
  },
  async encode(input, output, { res, fields, onRows, signal }) {
    const writer = new XlsxWriter(output, fields.map(column), res.label);
    const convert = fields.map(converter);
    let wait = false;
    const addLine = (line: Buffer) => {
      const values = JSON.parse(line.toString("utf8")) as unknown[];
      for (let i = 0; i < values.length; i++) values[i] = convert[i]!(values[i]);
      if (!writer.addRow(values)) wait = true;
    };
    try {
      let rest: Buffer | null = null;
      for await (const chunk of input as AsyncIterable<Buffer>) {
        signal?.throwIfAborted();
        const data: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
        let start = 0;
        for (let nl = data.indexOf(NEWLINE); nl !== -1; nl = data.indexOf(NEWLINE, start)) {
          addLine(data.subarray(start, nl));
          start = nl + 1;
        }
        rest = start < data.length ? Buffer.from(data.subarray(start)) : null;
        onRows(writer.rows);
        if (wait) {
          wait = false;
          await writer.drain();
        }
      }
      if (rest) addLine(rest);
      onRows(writer.rows);
      await writer.finish();
    } catch (err) {
      writer.abort();
      throw err;
    }
  },
};
