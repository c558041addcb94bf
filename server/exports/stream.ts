import type { Writable } from "node:stream";
import { to as copyTo } from "pg-copy-streams";
import { pool } from "../db";
import type { FieldDef, ResourceDef } from "../resources/types";
import { FORMATS } from "./formats";
import type { ExportFormat, ExportTarget } from "../contracts/exports";
import { prepareSource } from "./source";

export type ExportStreamArgs = {
  res: ResourceDef;
  fields: FieldDef[];
  target: ExportTarget;
  format: ExportFormat;
  /** Fields the export's creator may not read (its quick search skips them). */
  hidden: ReadonlySet<string>;
  escapeFormulas: boolean;
  output: Writable;
  signal?: AbortSignal;
  /** The number of rows the file will have, known before the first one is read. */
  onTotal?: (total: number) => Promise<void> | void;
  onRows?: (rows: number) => void;
};

/**
 * Streams the target's rows from PostgreSQL into `output` in the chosen format: one COPY … TO STDOUT
 * (a server-side stream, never the whole result in memory) inside a repeatable-read transaction,
 * so the count and the rows come from one snapshot. Resolves with the number of rows once `output`
 * has finished.
 */
export async function streamExport(args: ExportStreamArgs): Promise<{ rows: number }> {
  const spec = FORMATS[args.format];
  const client = await pool().connect();
  let healthy = false;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    // Fixed output conventions whatever the server's defaults: UTC ISO timestamps, ISO 8601 durations.
    await client.query("SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'iso_8601'");
    const source = await prepareSource(client, args.res, args.target, args.hidden);
    await args.onTotal?.(source.total);
    const copy = client.query(copyTo(spec.copySql(args.fields, source.from, { escapeFormulas: args.escapeFormulas })));
    await spec.encode(copy, args.output, { res: args.res, fields: args.fields, onRows: args.onRows ?? (() => {}), signal: args.signal });
    await client.query("COMMIT");
    healthy = true;
    // COPY's own count, read after COMMIT (its CommandComplete has been handled by then).
    return { rows: copy.rowCount };
  } finally {
    // A COPY abandoned mid-way leaves the connection unusable: drop it rather than return it to the pool.
    client.release(healthy ? undefined : true);
  }
}
