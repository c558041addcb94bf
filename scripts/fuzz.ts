// `npm run fuzz [-- --runs N] [-- --seed S]`: hostile requests to every tRPC procedure and route
// handler of a started app (at APP_URL, default http://localhost:3000), as anonymous and as the demo
// accounts (signed in over HTTP), then counts server errors and changed domain rows (read over HTTP
// as the demo admin, every resource, every row). Ends with `fuzz_requests`, `fuzz_5xx` and
// `fuzz_rows_changed` lines; exits 1 unless both counts are 0. Inputs that would legitimately
// change rows once a worker runs them (a full batch.execute, a valid media.fetch) are left out.
import "./lib/require-node";
import { parseArgs } from "node:util";
import fc from "fast-check";
import superjson from "superjson";
import { setting } from "../server/config";
import { RESOURCES } from "../server/resources/registry";
import { DEMO_USERS } from "../server/seed/demo-users";
import { fuzzedProcedures, hashRow, isServerError, requestArbitrary, routesOf, rowsChanged, type FuzzRequest, type FuzzRole, type Snapshot } from "../tests/fuzz/driver";

const { values } = parseArgs({ options: { runs: { type: "string", default: "2000" }, seed: { type: "string" } }, allowPositionals: false });
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error("--runs and --seed take whole numbers");
  process.exit(2);
}
const base = new URL(setting("APP_URL")).origin;

async function signIn(role: Exclude<FuzzRole, "anonymous">): Promise<string> {
  const user = DEMO_USERS.find((u) => u.role === role && !u.email.startsWith("operator2"));
  if (!user) throw new Error(`no demo ${role}`);
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  if (res.status !== 200) throw new Error(`signing in as ${user.email} failed: ${res.status} ${await res.text()} (is the demo seeded?)`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

const cookies = new Map<FuzzRole, string>();
for (const role of ["viewer", "operator", "admin"] as const) cookies.set(role, await signIn(role));

async function send(req: FuzzRequest): Promise<{ status: number; text: string }> {
  const headers = new Headers(req.headers);
  const cookie = cookies.get(req.role);
  if (cookie) headers.set("cookie", cookie);
  try {
    const res = await fetch(req.url, { method: req.method, headers, body: req.body, redirect: "manual", signal: AbortSignal.timeout(30_000) });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    // fetch refuses some URLs and headers itself; what never left this process is no server's error.
    if (err instanceof TypeError && !String(err.cause ?? "").includes("ECONNRESET")) return { status: 0, text: String(err) };
    return { status: 599, text: `no response: ${String(err)}` };
  }
}

type Page = { rows: ({ id: number } & Record<string, unknown>)[]; total: number };

/** Every row of every resource, read as the admin through resources.query. */
async function snapshot(): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const r of RESOURCES) {
    const rows = new Map<string, string>();
    for (let page = 1; ; page++) {
      const input = { resource: r.name, selection: { scope: "all" }, sort: { field: "id", dir: "asc" }, page, pageSize: 500 };
      const res = await fetch(`${base}/api/trpc/resources.query?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`, { headers: { cookie: cookies.get("admin")! } });
      if (res.status !== 200) throw new Error(`reading ${r.name} failed: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
      const data = superjson.deserialize<Page>(body.result.data);
      for (const row of data.rows) rows.set(String(row.id), hashRow(row));
      if (data.rows.length === 0 || rows.size >= data.total) break;
    }
    out.set(r.table, rows);
  }
  return out;
}

// The router is imported for its procedures and input schemas only; its modules build database
// clients at import, which connect on first query — and this script sends none (it talks HTTP).
process.env.DATABASE_URL ??= "postgresql://unused@127.0.0.1:1/unused";
const procedures = fuzzedProcedures((await import("../server/trpc/router")).appRouter);
const routes = routesOf();
console.log(`fuzzing ${base}: ${procedures.length} procedures, ${routes.length} route files, ${runs} requests, seed ${seed}`);
const before = await snapshot();
let requests = 0;
const errors: string[] = [];
await fc.assert(
  fc.asyncProperty(requestArbitrary(procedures, routes, base, { avoidCommitting: true }), async (req) => {
    requests++;
    const reply = await send(req);
    if (isServerError(reply)) errors.push(`${req.method} ${req.url.slice(0, 300)} as ${req.role} → ${reply.status} ${reply.text.slice(0, 300)}`);
    if (requests % 500 === 0) console.log(`  ${requests} requests, ${errors.length} server errors`);
  }),
  { numRuns: runs, seed },
);
// Give anything a request queued a moment to run before the rows are read again.
await new Promise((r) => setTimeout(r, 2_000));
const changed = rowsChanged(before, await snapshot());
for (const e of errors.slice(0, 20)) console.error(e);
console.log(`fuzz_requests: ${requests}`);
console.log(`fuzz_5xx: ${errors.length}`);
console.log(`fuzz_rows_changed: ${changed}`);
process.exit(errors.length === 0 && changed === 0 ? 0 : 1);
