import type { Readable, Writable } from "node:stream";
import type { FieldDef, ResourceDef } from "../../resources/types";

export type EncodeArgs = {
  res: ResourceDef;
  fields: FieldDef[];
  /** Called with the number of records written so far (often; callers throttle). */
  onRows: (rows: number) => void;
  signal?: AbortSignal;
};

/** One export format: the COPY that reads the rows, and how its output becomes the file. */
export type FormatSpec = {
  mime: string;
  /**
   * `COPY (…) TO STDOUT` over `from` (a FROM clause exposing `t`, ordered by id). `escapeFormulas`:
   * text starting like a formula must not run as one in a spreadsheet (formats without cells ignore it).
   */
  copySql: (fields: FieldDef[], from: string, opts: { escapeFormulas: boolean }) => string;
  /** Reads the COPY output from `input` and writes the file to `output`; resolves once `output` has finished. */
  encode: (input: Readable, output: Writable, args: EncodeArgs) => Promise<void>;
};
