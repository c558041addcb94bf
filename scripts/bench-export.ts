// Export benchmark: 1,000,000 letters (or --rows N) to CSV and to XLSX through the real export path
// (createExport → runExport: COPY stream → format → stored_file_parts), beside PostgreSQL's own
// COPY … TO of the same rows and columns in the same run. Prints `name: value` lines.
//   DATABASE_URL=… npx tsx scripts/bench-export.ts [--rows 1000000]
// Seeds missing letters first (a scratch database is best: `npm run seed -- --letters 1000000`).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";
import { to as copyTo } from "pg-copy-streams";
import { disconnect, pool } from "../server/db";
import { createExport } from "../server/exports/create";
import { runExport } from "../server/exports/run";
import { userActor } from "../server/auth/actor";
import type { ExportFormat, ExportTarget } from "../server/contracts/exports";
import { stopProducer } from "../server/jobs/boss";
import { logger } from "../server/logger";
import { getResource } from "../server/resources/registry";
import { DEMO_USERS } from "../server/seed/demo-users";
import { ident } from "../server/sql/params";

export type ExportBench = {
  csv_rows_per_s: number;
  copy_rows_per_s: number;
  csv_vs_copy: number;
  xlsx_rows_per_s: number;
  export_peak_rss_mb: number;
};

const letters = getResource("letters");
const admin = DEMO_USERS.find((u) => u.role === "admin")!;
const adminEmail = admin.email;

/** Seeds the demo users and any missing letters; the seeding modules (faker, auth) load only then, to keep them out of the memory figures. */
async function ensureData(rows: number, log: (msg: string) => void): Promise<void> {
  const { rows: r } = await pool().query<{ n: number; admins: number }>(
    "SELECT (SELECT count(*)::int FROM letters) AS n, (SELECT count(*)::int FROM users WHERE email = $1) AS admins",
    [adminEmail],
  );
  const missing = rows - r[0]!.n;
  if (missing <= 0 && r[0]!.admins > 0) return;
  const [{ ensureDemoUsers }, { seedDomain }, { buildPools }] = await Promise.all([
    import("../server/seed/seed"),
    import("../server/seed/domain"),
    import("../server/seed/pools"),
  ]);
  const owners = await ensureDemoUsers();
  if (missing <= 0) return;
  log(`# seeding ${missing.toLocaleString("en")} letters`);
  const client = await pool().connect();
  try {
    await seedDomain(client, buildPools(), { letters: missing }, owners);
    await client.query("ANALYZE letters");
  } finally {
    client.release();
  }
}

/** The first `rows` letters by id: the whole table when it has exactly that many (no filter to bind). */
async function benchTarget(rows: number): Promise<{ target: ExportTarget; where: string }> {
  const { rows: r } = await pool().query<{ n: number; max: number }>(
    "SELECT count(*)::int AS n, (SELECT id FROM letters ORDER BY id OFFSET $1 - 1 LIMIT 1) AS max FROM letters",
    [rows],
  );
  if (r[0]!.n === rows) return { target: { kind: "filter", selection: { scope: "all" }, excludeIds: [] }, where: "TRUE" };
  const max = Number(r[0]!.max);
  return {
    target: { kind: "filter", selection: { scope: "all", filter: { combinator: "and", conditions: [{ field: "id", op: "lte", value: max }] } }, excludeIds: [] },
    where: `t.id <= ${max}`,
  };
}

/** PostgreSQL's own COPY … TO of the same rows and columns, read to the end and discarded. */
async function copyBaseline(fields: string[], where: string): Promise<number> {
  const cols = fields.map((name) => `t.${ident(letters.fields.find((f) => f.name === name)!.column)}`).join(", ");
  const client = await pool().connect();
  try {
    const started = process.hrtime.bigint();
    const copy = client.query(copyTo(`COPY (SELECT ${cols} FROM letters t WHERE ${where}) TO STDOUT WITH (FORMAT csv, HEADER)`));
    await pipeline(copy, new Writable({ write: (_c, _e, cb) => cb() }));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return copy.rowCount / seconds;
  } finally {
    client.release();
  }
}

/** Samples this process's resident memory while `fn` runs and returns the highest value seen, in MB. */
async function peakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const result = await fn();
    return { result, peakMb: Math.round(Math.max(peak, process.memoryUsage.rss()) / (1024 * 1024)) };
  } finally {
    clearInterval(timer);
  }
}

async function timedExport(format: ExportFormat, target: ExportTarget, expectedRows: number): Promise<{ rowsPerSecond: number; fields: string[] }> {
  const { rows: users } = await pool().query<{ id: string }>("SELECT id FROM users WHERE email = $1", [adminEmail]);
  const actor = userActor({ id: users[0]!.id, email: adminEmail, name: admin.name, role: "admin" });
  const batch = await createExport(actor, { resource: "letters", target, format });
  const started = process.hrtime.bigint();
  await runExport(batch.id, logger);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { rows } = await pool().query<{ state: string; processed: number; last_error: string | null }>(
    "SELECT state, processed, last_error FROM batches WHERE id = $1",
    [batch.id],
  );
  const done = rows[0]!;
  if (done.state !== "completed" || done.processed !== expectedRows) {
    throw new Error(`${format} export ended ${done.state} with ${done.processed} rows (${done.last_error ?? "no error"})`);
  }
  // The benchmark's files are not worth keeping.
  await pool().query("DELETE FROM stored_files WHERE batch_id = $1", [batch.id]);
  if (batch.operation.type !== "export") throw new Error("not an export");
  return { rowsPerSecond: expectedRows / seconds, fields: batch.operation.fields };
}

const RESULT_PREFIX = "export-bench-result: ";

type ExportRun = { rowsPerSecond: number; fields: string[]; peakMb: number };

/** One format's export in this process (the `--child` side), printed as one line for the parent. */
async function childExport(format: ExportFormat, rows: number): Promise<void> {
  const { target } = await benchTarget(rows);
  const { result, peakMb } = await peakRss(() => timedExport(format, target, rows));
  console.log(RESULT_PREFIX + JSON.stringify({ ...result, peakMb } satisfies ExportRun));
}

/**
 * Runs one format's export in a fresh process, as a worker runs it in its own process: the peak RSS
 * is that whole process's (runtime, modules, Prisma, pools and the export), without what the calling
 * benchmark (the engine benchmark in scripts/bench.ts, or the other format) left in its own heap.
 */
async function exportInChild(format: ExportFormat, rows: number): Promise<ExportRun> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...process.execArgv, script, "--child", format, "--rows", String(rows)], {
    // Both entry points (this file's and scripts/bench.ts) have set LOG_LEVEL to warn unless given.
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
  const [code] = (await once(child, "exit")) as [number | null];
  const line = out.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
  if (code !== 0 || !line) throw new Error(`the ${format} export benchmark process failed (exit ${code}): ${out.slice(-2000)}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as ExportRun;
}

/** Runs the export benchmark on DATABASE_URL and returns (and prints) its figures. */
export async function benchExport({ rows = 1_000_000, print = console.log }: { rows?: number; print?: (line: string) => void } = {}): Promise<ExportBench> {
  await ensureData(rows, print);
  const { where } = await benchTarget(rows);
  const csv = await exportInChild("csv", rows);
  const copyRowsPerSecond = await copyBaseline(csv.fields, where);
  const xlsx = await exportInChild("xlsx", rows);
  const result: ExportBench = {
    csv_rows_per_s: Math.round(csv.rowsPerSecond),
    copy_rows_per_s: Math.round(copyRowsPerSecond),
    csv_vs_copy: Math.round((csv.rowsPerSecond / copyRowsPerSecond) * 1000) / 1000,
    xlsx_rows_per_s: Math.round(xlsx.rowsPerSecond),
    // The resident memory of the process running each export (sampled every 20 ms), the higher of the two.
    export_peak_rss_mb: Math.max(csv.peakMb, xlsx.peakMb),
  };
  print(`# peak rss: csv ${csv.peakMb} MB, xlsx ${xlsx.peakMb} MB (each export in its own process)`);
  for (const [name, value] of Object.entries(result)) print(`${name}: ${value}`);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { rows: { type: "string" }, child: { type: "string" } } });
  const rows = Number(values.rows ?? 1_000_000);
  if (!Number.isInteger(rows) || rows < 1) {
    console.error(`--rows must be a whole number ≥ 1 (got "${values.rows}")`);
    process.exit(2);
  }
  process.env.LOG_LEVEL ??= "warn";
  try {
    if (values.child === "csv" || values.child === "xlsx") await childExport(values.child, rows);
    else await benchExport({ rows });
  } finally {
    await stopProducer();
    await disconnect();
  }
}
