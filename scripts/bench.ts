// `npm run bench [-- --rows N]`: the batch engine's throughput on a field update of N letters
// (default 1,000,000), beside a single raw set-based UPDATE of the same rows and a naive
// one-UPDATE-per-row loop (timed on a sample, extrapolated), all in one run on one database.
// Ends with one `name: value` line per figure. Uses an embedded PostgreSQL under .data/bench-pg
// unless BENCH_ADMIN_DATABASE_URL names a cluster (a database `batchdesk_bench` is recreated there).
import { parseArgs } from "node:util";
import pg from "pg";
import { setting } from "../server/config";
import { startEmbeddedPostgres } from "../server/db/embedded";
import { migrate } from "../server/db/migrator";
import { dataDir } from "./lib/paths";

const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, "naive-sample": { type: "string", default: "3000" } } });
const ROWS = Number(values.rows);
const SAMPLE = Math.min(ROWS, Number(values["naive-sample"]));
if (!Number.isInteger(ROWS) || ROWS < 1000) {
  console.error("--rows must be a whole number ≥ 1000");
  process.exit(2);
}

const log = (msg: string) => console.log(`[bench] ${msg}`);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
let adminUrl = setting("BENCH_ADMIN_DATABASE_URL");
if (!adminUrl) {
  embedded = await startEmbeddedPostgres({ dir: dataDir("bench-pg"), port: setting("BENCH_PG_PORT"), database: "postgres" });
  adminUrl = embedded.url;
}
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query("DROP DATABASE IF EXISTS batchdesk_bench WITH (FORCE)");
await admin.query("CREATE DATABASE batchdesk_bench");
await admin.end();
const url = new URL(adminUrl);
url.pathname = "/batchdesk_bench";
process.env.DATABASE_URL = url.toString();
process.env.LOG_LEVEL = "warn";
// The session-lookup figure signs in once; better-auth's per-IP limit has nothing to protect here.
process.env.AUTH_RATE_LIMIT = "off";
process.env.BATCH_MAX_ROWS_ADMIN = String(Math.max(ROWS, 1_000_000));
await migrate(url.toString());

const { pool, disconnect } = await import("../server/db");
const { seed } = await import("../server/seed/seed");
const { validateBatch } = await import("../server/row-batches/validate");
const { commitBatch } = await import("../server/batches/commit");
const { runBatch } = await import("../server/row-batches/execute/run");
const { stopProducer } = await import("../server/jobs/boss");
const { logger } = await import("../server/logger");
const { queryResource } = await import("../server/resources/query");

log(`seeding ${ROWS.toLocaleString("en")} letters…`);
await seed({ letters: ROWS }, { demo: true });
await pool().query("VACUUM ANALYZE letters");

// 0. What the table asks for at this size: a page with its total, a quick search, a sort by title
// (median of 5, each a page of 50 and the count of matching rows).
async function medianMs(input: Parameters<typeof queryResource>[1]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await queryResource("admin", input);
    times.push(performance.now() - started);
  }
  return Math.round(times.sort((a, b) => a - b)[2]!);
}
const page = { resource: "letters", page: 1, pageSize: 50 } as const;
const tableFigures = {
  table_page_ms: await medianMs(page),
  search_page_ms: await medianMs({ ...page, selection: { scope: "active", q: "tempus" } }),
  sort_title_page_ms: await medianMs({ ...page, sort: { field: "title", dir: "asc" } }),
};
log(`table page ${tableFigures.table_page_ms} ms, quick search ${tableFigures.search_page_ms} ms, sorted by title ${tableFigures.sort_title_page_ms} ms`);

// 0b. What every signed-in request pays before it does anything: the session lookup
// (getSessionActor: better-auth's getSession from the cookie, the disabled check), p50/p95 of
// SESSION_CALLS calls with one signed-in cookie, after a warm-up.
const SESSION_CALLS = 300;
const sessionFigures = await (async () => {
  const { auth } = await import("../server/auth/auth");
  const { getSessionActor } = await import("../server/auth/session");
  const { DEMO_USERS } = await import("../server/seed/demo-users");
  const demoAdmin = DEMO_USERS.find((u) => u.role === "admin")!;
  const res = await auth.api.signInEmail({ body: { email: demoAdmin.email, password: demoAdmin.password }, asResponse: true });
  if (res.status !== 200) throw new Error(`bench sign-in failed: ${res.status}`);
  const headers = new Headers({ cookie: res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") });
  const times: number[] = [];
  for (let i = 0; i < SESSION_CALLS + 20; i++) {
    const started = performance.now();
    if (!(await getSessionActor(headers))) throw new Error("bench session lookup found no actor");
    if (i >= 20) times.push(performance.now() - started);
  }
  times.sort((x, y) => x - y);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!.toFixed(2);
  return { session_lookup_p50_ms: at(0.5), session_lookup_p95_ms: at(0.95) };
})();
log(`session lookup (${SESSION_CALLS} calls): p50 ${sessionFigures.session_lookup_p50_ms} ms, p95 ${sessionFigures.session_lookup_p95_ms} ms`);

// 0c. What the REST layer adds: status and a 100-row execute through /api/v1 with an API token,
// beside the services called directly (scripts/bench-rest.ts).
log("REST overhead: status and 100-row executes, REST and direct…");
const { benchRest } = await import("./bench-rest");
const restFigures = await benchRest({ rows: ROWS, print: () => {} });
log(`REST status p95 ${restFigures.rest_status_p95_ms} ms (direct ${restFigures.direct_status_p95_ms} ms), 100-row execute p95 ${restFigures.rest_execute_p95_ms} ms (direct ${restFigures.direct_execute_p95_ms} ms)`);

// 0d. Event → webhook delivered: 200 batch ends through a real worker process to a local receiver
// (scripts/bench-webhooks.ts).
log("webhook latency: 200 batch ends through a worker to a local receiver…");
const { benchWebhooks } = await import("./bench-webhooks");
const webhookFigures = await benchWebhooks({ print: () => {} });
log(`webhook event → delivered p50 ${webhookFigures.webhook_p50_ms} ms, p95 ${webhookFigures.webhook_p95_ms} ms`);

// 1. One raw set-based UPDATE: the ceiling for this machine.
let t = Date.now();
await pool().query("UPDATE letters SET sender_name = 'Raw bench', version = version + 1, updated_at = now()");
const rawMs = Date.now() - t;
await pool().query("VACUUM ANALYZE letters");
log(`raw UPDATE: ${seconds(rawMs)} s`);

// 2. The engine: dry run (freezing every row's before/after), then chunked execution by two runners.
const { rows: admins } = await pool().query<{ id: string; email: string; name: string }>(
  "SELECT id, email, name FROM users WHERE role = 'admin' LIMIT 1",
);
const actor = { kind: "user" as const, ...admins[0]!, role: "admin" as const };
t = Date.now();
const preview = await validateBatch(actor, {
  resource: "letters",
  target: { kind: "filter", selection: { scope: "all" }, excludeIds: [] },
  operation: { type: "update", changes: [{ op: "set", field: "senderName", value: "Engine bench" }] },
  options: { validation: "lenient", onError: "skip", chunkSize: 10_000, maxParallel: 2, retries: 3 },
});
const dryRunMs = Date.now() - t;
log(`dry run: ${seconds(dryRunMs)} s (${preview.preview.willChange.toLocaleString("en")} will change)`);
t = Date.now();
await commitBatch(actor, preview.id);
await Promise.all([runBatch(preview.id, logger), runBatch(preview.id, logger)]);
const engineMs = Date.now() - t;
const { rows: check } = await pool().query<{ state: string; succeeded: number }>("SELECT state, succeeded FROM batches WHERE id = $1", [preview.id]);
log(`engine: ${seconds(engineMs)} s, state ${check[0]!.state}, ${check[0]!.succeeded.toLocaleString("en")} succeeded`);
if (check[0]!.succeeded !== ROWS) throw new Error("the engine did not update every row");
await pool().query("VACUUM ANALYZE letters");

// 3. Naive: one UPDATE statement (and commit) per row, on a sample.
const { rows: sample } = await pool().query<{ id: number }>("SELECT id FROM letters ORDER BY random() LIMIT $1", [SAMPLE]);
const client = await pool().connect();
t = Date.now();
for (const { id } of sample) {
  await client.query("UPDATE letters SET sender_name = $1, version = version + 1, updated_at = now() WHERE id = $2", ["Naive bench", id]);
}
const naiveMs = Date.now() - t;
client.release();
log(`naive loop: ${SAMPLE.toLocaleString("en")} rows in ${seconds(naiveMs)} s (extrapolated to ${ROWS.toLocaleString("en")})`);

// 4. Exports of the same letters (CSV and XLSX beside COPY … TO), see scripts/bench-export.ts.
log("exporting to CSV and XLSX…");
const { benchExport } = await import("./bench-export");
const exportFigures = await benchExport({ rows: ROWS, print: () => {} });

// 5. A record's history on the same letters after 20 batches of every row (scripts/bench-history.ts):
// last, since it adds 20 × ROWS items and results that would weigh on everything above.
log(`record history: 20 batches of ${ROWS.toLocaleString("en")} rows, synthesized…`);
const { benchHistory } = await import("./bench-history");
// Its comment lines (the query plan) go to the log; its figures are printed with the others below.
const historyFigures = await benchHistory({
  rows: ROWS,
  print: (line) => {
    if (line.startsWith("# ")) log(line.slice(2));
  },
});
log(`row history p50 ${historyFigures.row_history_p50_ms} ms, p95 ${historyFigures.row_history_p95_ms} ms`);

const raw = ROWS / (rawMs / 1000);
const engine = ROWS / (engineMs / 1000);
const naive = SAMPLE / (naiveMs / 1000);
await stopProducer();
await disconnect();
await embedded?.stop();

console.log("");
console.log(`rows: ${ROWS}`);
console.log(`raw_rows_per_s: ${Math.round(raw)}`);
console.log(`engine_rows_per_s: ${Math.round(engine)}`);
console.log(`naive_rows_per_s: ${Math.round(naive)}`);
console.log(`engine_vs_raw: ${(engine / raw).toFixed(2)}`);
console.log(`engine_vs_naive: ${(engine / naive).toFixed(1)}`);
console.log(`engine_update_s: ${seconds(engineMs)}`);
console.log(`dry_run_1m_s: ${seconds((dryRunMs * 1_000_000) / ROWS)}`);
for (const [name, value] of Object.entries(tableFigures)) console.log(`${name}: ${value}`);
for (const [name, value] of Object.entries(sessionFigures)) console.log(`${name}: ${value}`);
for (const [name, value] of Object.entries(restFigures)) console.log(`${name}: ${value}`);
for (const [name, value] of Object.entries(webhookFigures)) console.log(`${name}: ${value}`);
for (const [name, value] of Object.entries(exportFigures)) console.log(`${name}: ${value}`);
for (const [name, value] of Object.entries(historyFigures)) console.log(`${name}: ${value}`);
process.exit(0);
