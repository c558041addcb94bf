// `npm test`: type check, unit + integration tests (vitest, real PostgreSQL) and the Playwright
// end-to-end suite (Chromium, against the app started with `npm start`). Uses the embedded
// PostgreSQL under .data/test-pg unless TEST_ADMIN_DATABASE_URL names a cluster to test in.
// Pass --only=unit|integration|e2e|types (repeatable) to run a part.
import "./lib/require-node";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { APP_ROLE, ensureLoginRole, withCredentials } from "../server/db/roles";
import { setting } from "../server/config";
import { startEmbeddedPostgres } from "../server/db/embedded";
import { dataDir, ROOT } from "./lib/paths";

const only = process.argv.filter((a) => a.startsWith("--only=")).map((a) => a.slice(7));
// Other arguments filter test files, e.g. `npm test -- --only=integration exports`.
const fileFilters = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const wants = (part: string) => only.length === 0 || only.includes(part);
const log = (msg: string) => console.log(`\n[test] ${msg}`);
const reports = path.join(ROOT, "test-results");
fs.mkdirSync(reports, { recursive: true });

let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
let adminUrl = setting("TEST_ADMIN_DATABASE_URL");
if (!adminUrl) {
  embedded = await startEmbeddedPostgres({ dir: dataDir("test-pg"), port: setting("TEST_PG_PORT"), database: "postgres" });
  adminUrl = embedded.url;
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
}

/**
 * Runs a command to its end. Never spawnSync: a blocked event loop stops draining the embedded
 * PostgreSQL's log pipe, and once that fills, the server's checkpointer blocks on its next log line
 * — every DROP DATABASE (which waits for a checkpoint) then hangs.
 */
function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
    child.once("error", () => resolve(false));
    child.once("exit", (code) => resolve(code === 0));
  });
}

const tally = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

if (wants("types")) {
  log("type check");
  const typesOk = await run("npx", ["tsc", "--noEmit"]);
  tally[typesOk ? "passed" : "failed"] += 1;
  ok &&= typesOk;
}

const projects = ["unit", "integration"].filter(wants);
if (projects.length) {
  log(`vitest: ${projects.join(", ")}`);
  const out = path.join(reports, "vitest.json");
  fs.rmSync(out, { force: true });
  const vitestOk = await run("npx", ["vitest", "run", ...projects.flatMap((p) => ["--project", p]), ...fileFilters, "--reporter=default", "--reporter=json", `--outputFile=${out}`]);
  ok &&= vitestOk;
  const r = fs.existsSync(out)
    ? (JSON.parse(fs.readFileSync(out, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number })
    : { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0 };
  tally.passed += r.numPassedTests;
  tally.skipped += r.numPendingTests;
  // A run that failed outside any test (config, unhandled error) still counts as a failure.
  tally.failed += r.numFailedTests || (vitestOk ? 0 : 1);
}

if (wants("e2e")) {
  log("playwright end-to-end");
  const dbName = "batchdesk_e2e";
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  // As in production: migrations run as the owner, the app as its own least-privileged role. A real
  // DATABASE_URL starts with no account; the suite signs in as the demo accounts, so it asks for them.
  const appPassword = crypto.randomBytes(18).toString("base64url");
  await ensureLoginRole(url.toString(), APP_ROLE, appPassword);
  const e2eDb = { DATABASE_OWNER_URL: url.toString(), DATABASE_URL: withCredentials(url.toString(), APP_ROLE, appPassword), LOG_LEVEL: "warn" };
  const seeded = (await run("npx", ["tsx", "scripts/migrate.ts"], e2eDb)) && (await run("npx", ["tsx", "scripts/seed.ts", "--demo"], e2eDb));
  if (!seeded) console.error("[test] could not migrate and seed the e2e database");
  const out = path.join(reports, "playwright.json");
  fs.rmSync(out, { force: true });
  const e2eOk = seeded && (await run("npx", ["playwright", "test", ...fileFilters], {
      DATABASE_OWNER_URL: e2eDb.DATABASE_OWNER_URL,
      DATABASE_URL: e2eDb.DATABASE_URL,
      E2E_PORT: String(setting("E2E_PORT")),
      AUTH_SIGNIN_PER_MINUTE: "1000",
      PLAYWRIGHT_JSON_OUTPUT_NAME: out,
  }));
  ok &&= e2eOk;
  const r = fs.existsSync(out)
    ? (JSON.parse(fs.readFileSync(out, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } })
    : { stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0 } };
  tally.passed += r.stats.expected + r.stats.flaky;
  tally.skipped += r.stats.skipped;
  tally.failed += r.stats.unexpected || (e2eOk ? 0 : 1);
}

await embedded?.stop();
console.log(`\n${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(ok && tally.failed === 0 ? 0 : 1);
