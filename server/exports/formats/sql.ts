import type { FieldDef } from "../../resources/types";
import { ident } from "../../sql/params";

/**
 * COPY options that emit each row's single text value verbatim: JSON text never contains a raw
 * newline or control character (JSON escapes them), so with \x01 as the quote and \x02 as the
 * delimiter nothing is ever quoted and every line is one JSON value.
 */
export const RAW_LINES = "WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')";

/** The column as stored, under its API name. */
export const rawColumn = (f: FieldDef) => `t.${ident(f.column)} AS ${ident(f.name)}`;

/** A subquery of the fields under their API names, in file order, for row_to_json. */
export function namedRows(fields: FieldDef[], from: string): string {
  return `(SELECT ${fields.map(rawColumn).join(", ")} FROM ${from}) r`;
}
