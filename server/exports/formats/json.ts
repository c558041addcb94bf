import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { namedRows, RAW_LINES } from "./sql";
import type { FormatSpec } from "./types";

const NEWLINE = 0x0a;
const OPEN = Buffer.from("[\n");
const SEPARATOR = Buffer.from(",\n");
const CLOSE = Buffer.from("\n]\n");
const EMPTY = Buffer.from("[]\n");

/** One JSON object per line, each written by PostgreSQL's row_to_json (ISO timestamps, real numbers and lists). */
const copySql = (fields: Parameters<FormatSpec["copySql"]>[0], from: string) =>
  `COPY (SELECT row_to_json(r)::text FROM ${namedRows(fields, from)}) TO STDOUT ${RAW_LINES}`;

/** JSON Lines: PostgreSQL's lines as they are, counted. */
export class JsonLinesCounter extends Transform {
  records = 0;

  constructor(private readonly onRecords: (records: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) this.records += 1;
    this.onRecords(this.records);
    callback(null, chunk);
  }
}

/** A JSON array: the same lines, with "[" before, "," between and "]" after, never holding more than one chunk. */
export class JsonArrayWriter extends Transform {
  records = 0;
  private started = false;
  private pendingSeparator = false;

  constructor(private readonly onRecords: (records: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    const out: Buffer[] = [];
    if (!this.started) {
      out.push(OPEN);
      this.started = true;
    }
    let pos = 0;
    while (pos < chunk.length) {
      if (this.pendingSeparator) {
        out.push(SEPARATOR);
        this.pendingSeparator = false;
      }
      const nl = chunk.indexOf(NEWLINE, pos);
      if (nl === -1) {
        out.push(chunk.subarray(pos));
        break;
      }
      out.push(chunk.subarray(pos, nl));
      this.records += 1;
      this.pendingSeparator = true;
      pos = nl + 1;
    }
    this.onRecords(this.records);
    callback(null, Buffer.concat(out));
  }

  override _flush(callback: TransformCallback): void {
    callback(null, this.started ? CLOSE : EMPTY);
  }
}

export const jsonlFormat: FormatSpec = {
  mime: "application/x-ndjson; charset=utf-8",
  copySql,
  encode: (input, output, { onRows, signal }) => pipeline(input, new JsonLinesCounter(onRows), output, { signal }),
};

export const jsonFormat: FormatSpec = {
  mime: "application/json; charset=utf-8",
  copySql,
  encode: (input, output, { onRows, signal }) => pipeline(input, new JsonArrayWriter(onRows), output, { signal }),
};
