// REST overhead benchmark: p50/p95 of `GET /api/v1/batches/{batchId}` (status) and of a 100-row
// execute (`POST /api/v1/batches?wait=30`) through the REST layer — the route module in this process,
// a real API token of an admin, production behaviour of the dispatcher — beside the same work by the
// services directly (batchSummary; validateAndCommit + runBatch), interleaved in the same run.
// A REST execute waits as a script's does: the dispatcher polls the batch every 100 ms
// (server/batches/wait.ts) while a stand-in worker in this process runs it; `rest_execute_nowait_*`
// is the same call without `?wait`, its batch then run here, to show the REST edge alone.
// Prints `name: value` lines. `npm run bench` runs it on its database; alone:
//   DATABASE_URL=… npx tsx scripts/bench-rest.ts [--rows 20000] [--status-calls 300] [--executes 20]
// on a migrated database (missing letters and the demo accounts are seeded first).
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import type { Actor } from "../server/auth/actor";
import { userActor } from "../server/auth/actor";
import type { BatchInput } from "../server/contracts/batch";
import { disconnect, pool } from "../server/db";
import { stopProducer } from "../server/jobs/boss";
import { DEMO_USERS } from "../server/seed/demo-users";

export type RestBench = {
  rest_status_p50_ms: string;
  rest_status_p95_ms: string;
  direct_status_p50_ms: string;
  direct_status_p95_ms: string;
  rest_overhead_p95_ms: string;
  rest_execute_p50_ms: string;
  rest_execute_p95_ms: string;
  rest_execute_nowait_p50_ms: string;
  rest_execute_nowait_p95_ms: string;
  direct_execute_p50_ms: string;
  direct_execute_p95_ms: string;
};

type Options = {
  rows?: number;
  statusCalls?: number;
  executes?: number;
  warmup?: number;
  /** Also time each step a REST status call takes beside the service (standalone `--profile`). */
  profile?: boolean;
  print?: (line: string) => void;
};

const BATCH_ROWS = 100;
const admin = DEMO_USERS.find((u) => u.role === "admin")!;

// Budgets far above what the bench spends: the admin token's hourly limits would refuse the run.
const RAISED_LIMITS = [
  "API_RATE_STATUS_CHECK_PER_HOUR_ADMIN",
  "API_RATE_JOB_CREATION_PER_HOUR_ADMIN",
  "API_RATE_DEFAULT_PER_HOUR_ADMIN",
  "BATCHES_PER_HOUR_ADMIN",
] as const;

/** The q-quantile of sorted `times` (nearest rank), as scripts/bench.ts reports its session lookup. */
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
const ms = (n: number) => n.toFixed(2);
const sorted = (times: number[]) => [...times].sort((a, b) => a - b);

async function timed(fn: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Seeds the demo accounts and any missing letters (standalone runs on a fresh database). */
async function ensureData(rows: number, print: (line: string) => void): Promise<void> {
  const { rows: r } = await pool().query<{ n: number; admins: number }>(
    "SELECT (SELECT count(*)::int FROM letters) AS n, (SELECT count(*)::int FROM users WHERE email = $1) AS admins",
    [admin.email],
  );
  const missing = Math.max(0, rows - r[0]!.n);
  if (missing === 0 && r[0]!.admins > 0) return;
  if (missing > 0) print(`# seeding ${missing.toLocaleString("en")} letters`);
  const { seed } = await import("../server/seed/seed");
  await seed({ letters: missing }, { demo: true });
  await pool().query("ANALYZE letters");
}

/**
 * Stands in for the worker while REST executes wait: runs each queued row batch as soon as it sees
 * it (polling every 2 ms), so `?wait=` measures the REST layer and its wait, not pg-boss's polling.
 */
function inProcessWorker(run: (batchId: string) => Promise<void>): () => Promise<void> {
  let stopped = false;
  const seen = new Set<string>();
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await pool().query<{ id: string }>("SELECT id FROM batches WHERE state = 'queued' AND kind = 'rows'");
      const fresh = rows.filter((r) => !seen.has(r.id));
      for (const { id } of fresh) {
        seen.add(id);
        await run(id);
      }
      if (fresh.length === 0) await sleep(2);
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

/** Runs the REST overhead benchmark on DATABASE_URL and returns (and prints) its figures. */
export async function benchRest({ rows = 20_000, statusCalls = 300, executes = 20, warmup = 20, profile = false, print = console.log }: Options = {}): Promise<RestBench> {
  const previousEnv = Object.fromEntries(["NODE_ENV", ...RAISED_LIMITS].map((k) => [k, process.env[k]]));
  for (const name of RAISED_LIMITS) process.env[name] = "1000000";
  // The dispatcher reads NODE_ENV once, when first loaded (below: nothing the benches run before
  // loads it): outside production it checks every answer against its output schema. The bench
  // measures what production runs.
  Object.assign(process.env, { NODE_ENV: "production" });
  try {
    await ensureData(Math.max(rows, BATCH_ROWS), print);
    const route = await import("../app/api/v1/[...path]/route");
    const { batchSummary } = await import("../server/batches/read");
    const { validateAndCommit } = await import("../server/row-batches/commit");
    const { runBatch } = await import("../server/row-batches/execute/run");
    const { createToken, revokeToken } = await import("../server/tokens/tokens");
    const { tokenActor } = await import("../server/tokens/resolve");
    const { logger } = await import("../server/logger");
    const { setting } = await import("../server/config");

    const { rows: users } = await pool().query<{ id: string }>("SELECT id FROM users WHERE email = $1", [admin.email]);
    const adminUser = userActor({ id: users[0]!.id, email: admin.email, name: admin.name, role: "admin" });
    const created = await createToken(adminUser, { name: "bench-rest", scopes: ["read", "batches"], expiresInDays: 7 });
    // The direct calls act as the same token's actor the REST layer resolves, so policy and audit match.
    const actor: Actor = (await tokenActor(created.token, null))!;
    const origin = new URL(setting("APP_URL")).origin;

    const exec = { rest: [] as number[], nowait: [] as number[], direct: [] as number[] };
    const status = { rest: [] as number[], direct: [] as number[] };
    try {
      /** One call through the route module, as Next.js would make it; the body read to the end. */
      const call = async (method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
        const headers = new Headers({ authorization: `Bearer ${created.token}` });
        if (body !== undefined) headers.set("content-type", "application/json");
        const url = new URL(`/api/v1${path}`, origin);
        const segments = url.pathname.slice("/api/v1/".length).split("/").map(decodeURIComponent);
        const req = new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        const res = await route[method](req, { params: Promise.resolve({ path: segments }) });
        const text = await res.text();
        return { status: res.status, json: JSON.parse(text) as unknown };
      };

      const { rows: idRows } = await pool().query<{ id: number }>("SELECT id FROM letters ORDER BY id LIMIT $1", [BATCH_ROWS * (executes + 3) * 3]);
      const ids = idRows.map((r) => r.id);
      const slices = Math.floor(ids.length / BATCH_ROWS);
      let slice = 0;
      const run = Date.now().toString(36);
      // Each execute sets 100 letters (the next slice, round again on a small table) to a value no
      // other execute of any run sets, so every row changes.
      const nextInput = (): BatchInput => {
        const n = slice++;
        const from = (n % slices) * BATCH_ROWS;
        return {
          resource: "letters",
          target: { kind: "ids", ids: ids.slice(from, from + BATCH_ROWS) },
          operation: { type: "update", changes: [{ op: "set", field: "senderName", value: `REST bench ${run}-${n}` }] },
        };
      };
      const assertDone = (summary: { state: string; progress: { counts: { succeeded: number } } }, how: string) => {
        if (summary.state !== "completed" || summary.progress.counts.succeeded !== BATCH_ROWS) {
          throw new Error(`${how} execute ended ${summary.state} with ${summary.progress.counts.succeeded} succeeded`);
        }
      };
      type Summary = Parameters<typeof assertDone>[0] & { id: string };

      // The stand-in worker watches only while this call is open: the other paths run their own batches.
      const restExecute = async () => {
        const stopWorker = inProcessWorker((id) => runBatch(id, logger));
        try {
          const r = await call("POST", "/batches?wait=30", nextInput());
          if (r.status !== 201) throw new Error(`REST execute answered ${r.status}: ${JSON.stringify(r.json)}`);
          assertDone(r.json as Summary, "REST");
        } finally {
          await stopWorker();
        }
      };
      // Committed through REST without waiting; then run here, as the direct path does.
      const restExecuteNoWait = async () => {
        const r = await call("POST", "/batches", nextInput());
        if (r.status !== 201) throw new Error(`REST execute answered ${r.status}: ${JSON.stringify(r.json)}`);
        const id = (r.json as Summary).id;
        await runBatch(id, logger);
        assertDone(await batchSummary(actor, id), "REST (no wait)");
      };
      const directExecute = async () => {
        const committed = await validateAndCommit(actor, nextInput());
        await runBatch(committed.id, logger);
        assertDone(await batchSummary(actor, committed.id), "direct");
      };

      // Executes: REST with ?wait (the in-process worker runs its batch), REST then run, and direct,
      // interleaved so drift in the machine's load falls on all three alike.
      print(`# executes: ${executes} of ${BATCH_ROWS} rows each way (after 3 warm-up rounds)`);
      for (let i = 0; i < executes + 3; i++) {
        const a = await timed(restExecute);
        const b = await timed(directExecute);
        const c = await timed(restExecuteNoWait);
        if (i < 3) continue;
        exec.rest.push(a);
        exec.direct.push(b);
        exec.nowait.push(c);
      }

      // Status of the last completed batch, REST and direct alternately.
      const { rows: last } = await pool().query<{ id: string }>("SELECT id FROM batches WHERE state = 'completed' AND created_by_id = $1 ORDER BY created_at DESC LIMIT 1", [actor.id]);
      const batchId = last[0]!.id;
      print(`# status: ${statusCalls} calls each way (after ${warmup} warm-up calls)`);
      for (let i = 0; i < statusCalls + warmup; i++) {
        const a = await timed(async () => {
          const r = await call("GET", `/batches/${batchId}`);
          if (r.status !== 200) throw new Error(`REST status answered ${r.status}: ${JSON.stringify(r.json)}`);
        });
        const b = await timed(async () => {
          await batchSummary(actor, batchId);
        });
        if (i < warmup) continue;
        status.rest.push(a);
        status.direct.push(b);
      }
      if (profile) await profileStatus({ token: created.token, actor, batchId, calls: statusCalls, warmup, restCall: () => call("GET", `/batches/${batchId}`), print });
    } finally {
      await revokeToken(adminUser, created.id);
    }

    const rs = sorted(status.rest);
    const ds = sorted(status.direct);
    const re = sorted(exec.rest);
    const rn = sorted(exec.nowait);
    const de = sorted(exec.direct);
    const result: RestBench = {
      rest_status_p50_ms: ms(quantile(rs, 0.5)),
      rest_status_p95_ms: ms(quantile(rs, 0.95)),
      direct_status_p50_ms: ms(quantile(ds, 0.5)),
      direct_status_p95_ms: ms(quantile(ds, 0.95)),
      rest_overhead_p95_ms: ms(quantile(rs, 0.95) - quantile(ds, 0.95)),
      rest_execute_p50_ms: ms(quantile(re, 0.5)),
      rest_execute_p95_ms: ms(quantile(re, 0.95)),
      rest_execute_nowait_p50_ms: ms(quantile(rn, 0.5)),
      rest_execute_nowait_p95_ms: ms(quantile(rn, 0.95)),
      direct_execute_p50_ms: ms(quantile(de, 0.5)),
      direct_execute_p95_ms: ms(quantile(de, 0.95)),
    };
    for (const [name, value] of Object.entries(result)) print(`${name}: ${value}`);
    return result;
  } finally {
    for (const [name, value] of Object.entries(previousEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

type ProfileInput = {
  token: string;
  actor: Actor;
  batchId: string;
  calls: number;
  warmup: number;
  restCall: () => Promise<unknown>;
  print: (line: string) => void;
};

/**
 * Where a REST status call's time goes: each step the dispatcher takes (server/rest/dispatch.ts →
 * createContext, the tRPC middlewares, the service, the JSON round trip), timed on its own with
 * the same functions, all steps once per round so load drifts fall on each alike. Printed as
 * `# profile` lines (p50 / p95 in ms).
 */
async function profileStatus({ token, actor, batchId, calls, warmup, restCall, print }: ProfileInput): Promise<void> {
  const { tokenActor, tokenActorCounted } = await import("../server/tokens/resolve");
  const { consumeRateLimit } = await import("../server/http/rate-limit");
  const { appRouter } = await import("../server/trpc/router");
  const { batchSummary } = await import("../server/batches/read");
  const { batchSummaryOutput } = await import("../server/rest/outputs/batches");
  const headers = new Headers({ authorization: `Bearer ${token}` });
  let summary: unknown = null;
  let json: unknown = null;
  let caller: ReturnType<typeof appRouter.createCaller> | null = null;
  const steps: [string, () => Promise<unknown> | unknown][] = [
    ["rest call (whole)", restCall],
    ["service: batchSummary", async () => (summary = await batchSummary(actor, batchId))],
    ["token lookup and count: tokenActorCounted (what a REST call sends before its work)", () => tokenActorCounted(token, null, "statusCheck")],
    ["token lookup alone: tokenActor (SELECT; its last-used UPDATE runs after)", () => tokenActor(token, null)],
    // The statement server/tokens/resolve.ts sends on every request (it writes at most once a minute).
    [
      "token last-used UPDATE (not awaited by the request)",
      () =>
        pool().query(
          `UPDATE api_tokens SET last_used_at = now(), last_used_ip = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
          [actor.kind === "token" ? actor.tokenId : "", null],
        ),
    ],
    ["rate limit alone: consumeRateLimit (the library's upsert, as a console call counts)", () => consumeRateLimit(actor, "statusCheck")],
    ["createCaller", () => (caller = appRouter.createCaller({ actor, headers, requestId: "bench-profile", rateLimits: [], rateLimitedAtEdge: true }))],
    ["procedure batch.status without rate limit (middlewares, input parse, service)", () => caller!.batch.status({ batchId })],
    ["JSON round trip: JSON.parse(JSON.stringify(data))", () => (json = JSON.parse(JSON.stringify(summary)))],
    ["output check (outside production only): safeParse", () => batchSummaryOutput.safeParse(json)],
    ["Response.json + client text + JSON.parse", async () => JSON.parse(await Response.json(json, { headers: { "cache-control": "no-store" } }).text())],
  ];
  const times = steps.map(() => [] as number[]);
  for (let i = 0; i < calls + warmup; i++) {
    for (const [j, [, step]] of steps.entries()) {
      const started = performance.now();
      await step();
      if (i >= warmup) times[j]!.push(performance.now() - started);
    }
  }
  for (const [j, [name]] of steps.entries()) {
    const t = sorted(times[j]!);
    print(`# profile ${name}: p50 ${ms(quantile(t, 0.5))} ms, p95 ${ms(quantile(t, 0.95))} ms`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: { rows: { type: "string" }, "status-calls": { type: "string" }, executes: { type: "string" }, profile: { type: "boolean" } },
  });
  const whole = (name: string, raw: string | undefined, fallback: number) => {
    const n = Number(raw ?? fallback);
    if (!Number.isInteger(n) || n < 1) {
      console.error(`--${name} must be a whole number ≥ 1 (got "${raw}")`);
      process.exit(2);
    }
    return n;
  };
  const options = { rows: whole("rows", values.rows, 20_000), statusCalls: whole("status-calls", values["status-calls"], 300), executes: whole("executes", values.executes, 20), profile: values.profile === true };
  process.env.LOG_LEVEL ??= "warn";
  try {
    await benchRest(options);
  } finally {
    await stopProducer();
    await disconnect();
  }
}
