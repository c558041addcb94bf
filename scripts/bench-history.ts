// Record history benchmark: the timeline of one row (server/history/row-history.ts, as
// `resources.history` and GET /api/v1/resources/{resource}/{id}/history serve it) on a table of
// --rows letters touched by --batches finished batches of every row each (default 1,000,000 × 20:
// 20M items and 20M results). The batches' per-row data is made with set-based SQL in the shapes
// the engine writes (an update of the title, before → after, its before-image, 2% conflicts), not
// by running the engine 20 times: what is measured is the read, and the data only has to be the
// size and shape it would be. Times p50/p95 of --samples histories of random rows as the admin (all
// entries full), after a warm-up, and prints the plan of one. Prints `name: value` lines.
// `npm run bench` runs it last on its database; alone (an embedded PostgreSQL under .data/bench-pg on
// BENCH_PG_PORT, or BENCH_ADMIN_DATABASE_URL's cluster; database batchdesk_bench_history):
//   npx tsx scripts/bench-history.ts [--rows 100000] [--batches 20] [--samples 300]
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { DEFAULT_OPTIONS } from "../server/contracts/batch";

export type HistoryBench = {
  history_rows: number;
  history_batches: number;
  history_items: number;
  history_entries_per_row: number;
  history_index_mb: number;
  history_generate_s: string;
  row_history_p50_ms: string;
  row_history_p95_ms: string;
  row_history_max_ms: string;
};

type Options = { rows: number; batches?: number; samples?: number; print?: (line: string) => void };

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** One finished update batch of every letter, with its items and results, as the engine leaves them. */
async function synthesizeBatch(k: number, adminId: string): Promise<void> {
  const { pool } = await import("../server/db");
  const start = new Date(Date.UTC(2026, 0, 1) + k * 3_600_000);
  const op = { type: "update", changes: [{ op: "set", field: "title", value: `Title v${k}` }] };
  const { rows } = await pool().query<{ id: string; n: number }>(
    `INSERT INTO batches (id, resource, kind, origin, operation, target, options, state, created_by_id, created_at, updated_at,
       previewed_at, queued_at, started_at, finished_at, fields_touched, field_changes, planned_role)
     VALUES (gen_random_uuid(), 'letters', 'rows', 'normal', $1, '{"kind":"filter","selection":{"scope":"active"},"excludeIds":[]}', $2, 'completed', $3,
       $4, $4, $4, $4, $4, $4::timestamptz + interval '20 minutes', '{title}', '{}', 'admin')
     RETURNING id, (SELECT count(*)::int FROM letters) AS n`,
    [JSON.stringify(op), JSON.stringify(DEFAULT_OPTIONS), adminId, start],
  );
  const { id, n } = rows[0]!;
  await pool().query(
    `INSERT INTO batch_events (batch_id, kind, action, from_state, to_state, counts, actor_kind, actor_id, at, published_at, webhooks_dispatched_at, notified_at)
     VALUES ($1, 'rows', 'create', NULL, 'planning', '{}', 'user', $2, $3, $3, $3, $3)`,
    [id, adminId, start],
  );
  // Items and results of the same batch are independent inserts: on two connections at once.
  const title = (v: number) => (v === 0 ? "l.title" : `'Title v${v} ' || l.id`);
  await Promise.all([
    pool().query(
      `INSERT INTO batch_items (batch_id, seq, row_id, row_version, action, outcome, before, after)
       SELECT $1, l.id, l.id, $2, 'update', 'will_change', jsonb_build_object('title', ${title(k - 1)}), jsonb_build_object('title', ${title(k)})
       FROM letters l`,
      [id, k],
    ),
    pool().query(
      `INSERT INTO batch_results (batch_id, seq, row_id, result, error, before_image, applied_version, applied_at)
       SELECT $1, l.id, l.id, CASE WHEN l.id % 50 = 0 THEN 'conflict' ELSE 'succeeded' END,
         CASE WHEN l.id % 50 = 0 THEN '{"code":"CONFLICT","message":"Changed by someone else since the preview; not overwritten.","changed":["title"]}'::jsonb END,
         CASE WHEN l.id % 50 <> 0 THEN jsonb_build_object('title', ${title(k - 1)}) END,
         CASE WHEN l.id % 50 <> 0 THEN $2 + 1 END,
         $3::timestamptz + (l.id::float8 / $4 * interval '20 minutes')
       FROM letters l`,
      [id, k, start, n],
    ),
  ]);
  await pool().query(
    `UPDATE batches SET total_items = $2, will_change = $2, processed = $2, succeeded = $2 - $2 / 50, conflicts = $2 / 50 WHERE id = $1`,
    [id, n],
  );
}

/** The timeline benchmark on the current database (DATABASE_URL), which must hold `rows` letters and the demo admin. */
export async function benchHistory(opts: Options): Promise<HistoryBench> {
  const print = opts.print ?? ((line: string) => console.log(line));
  const batches = opts.batches ?? 20;
  const samples = opts.samples ?? 300;
  const { pool } = await import("../server/db");
  const { rowHistory } = await import("../server/history/row-history");
  const { rows: admins } = await pool().query<{ id: string }>("SELECT id FROM users WHERE email = 'admin@batchdesk.local'");
  const adminId = admins[0]!.id;
  const { rows: r } = await pool().query<{ n: number; maxId: number }>(`SELECT count(*)::int AS n, max(id) AS "maxId" FROM letters`);
  const { n: rows, maxId } = r[0]!;
  if (rows !== opts.rows) print(`# the table holds ${rows.toLocaleString("en")} letters (asked for ${opts.rows.toLocaleString("en")})`);

  const started = performance.now();
  for (let k = 1; k <= batches; k++) {
    const t = performance.now();
    await synthesizeBatch(k, adminId);
    print(`# batch ${k}/${batches}: ${rows.toLocaleString("en")} items and results in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  await pool().query("VACUUM ANALYZE batches, batch_items, batch_results");
  const generateS = ((performance.now() - started) / 1000).toFixed(0);
  const { rows: size } = await pool().query<{ mb: number; items: number }>(
    `SELECT round(pg_relation_size('batch_results_row_id_idx') / 1048576.0)::int AS mb, (SELECT count(*)::int FROM batch_items) AS items`,
  );

  const actor = { id: adminId, role: "admin" as const };
  const randomId = () => 1 + Math.floor(Math.random() * maxId);
  for (let i = 0; i < 20; i++) await rowHistory(actor, { resource: "letters", id: randomId() });
  const times: number[] = [];
  let entries = 0;
  for (let i = 0; i < samples; i++) {
    const id = randomId();
    const t = performance.now();
    const h = await rowHistory(actor, { resource: "letters", id });
    times.push(performance.now() - t);
    entries = Math.max(entries, h.entries.length);
  }
  times.sort((a, b) => a - b);

  // The plan of one row's history, for the README and for anyone changing the query or the index.
  const { HISTORY_SQL } = await import("../server/history/row-history");
  const plan = await pool().query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${HISTORY_SQL}`, [randomId(), "letters", 51, []]);
  for (const line of plan.rows) print(`# ${line["QUERY PLAN"]}`);

  const result: HistoryBench = {
    history_rows: rows,
    history_batches: batches,
    history_items: size[0]!.items,
    history_entries_per_row: entries,
    history_index_mb: size[0]!.mb,
    history_generate_s: generateS,
    row_history_p50_ms: quantile(times, 0.5).toFixed(1),
    row_history_p95_ms: quantile(times, 0.95).toFixed(1),
    row_history_max_ms: times.at(-1)!.toFixed(1),
  };
  for (const [name, value] of Object.entries(result)) print(`${name}: ${value}`);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, batches: { type: "string", default: "20" }, samples: { type: "string", default: "300" } } });
  const whole = (name: string, raw: string, min: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) {
      console.error(`--${name} must be a whole number ≥ ${min} (got "${raw}")`);
      process.exit(2);
    }
    return n;
  };
  const rows = whole("rows", values.rows, 1000);
  const batches = whole("batches", values.batches, 1);
  const samples = whole("samples", values.samples, 10);
  const { setting } = await import("../server/config");
  const { startEmbeddedPostgres } = await import("../server/db/embedded");
  const { migrate } = await import("../server/db/migrator");
  const { dataDir } = await import("./lib/paths");
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
  let adminUrl = setting("BENCH_ADMIN_DATABASE_URL");
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({ dir: dataDir("bench-pg"), port: setting("BENCH_PG_PORT"), database: "postgres" });
    adminUrl = embedded.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS batchdesk_bench_history WITH (FORCE)");
  await admin.query("CREATE DATABASE batchdesk_bench_history");
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = "/batchdesk_bench_history";
  process.env.DATABASE_URL = url.toString();
  process.env.LOG_LEVEL ??= "warn";
  await migrate(url.toString());
  const { disconnect } = await import("../server/db");
  try {
    const { seed } = await import("../server/seed/seed");
    console.log(`# seeding ${rows.toLocaleString("en")} letters`);
    await seed({ letters: rows }, { demo: true });
    await benchHistory({ rows, batches, samples });
  } finally {
    await disconnect();
    await embedded?.stop();
  }
}
