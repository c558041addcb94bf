import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { setting } from "./config";
import { PrismaClient } from "./generated/prisma/client";

// int8 (counts, bigint ids) as JS numbers: every value we store fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

type Db = { pool: pg.Pool; prisma: PrismaClient; control: pg.Pool | null; counters: pg.Pool | null };

// One pool per process, shared by Prisma and raw SQL; kept on globalThis so Next's dev reloads reuse it.
const holder = globalThis as unknown as { __batchdeskDb?: Db };

/**
 * Who the pool serves. The web app answers people, so its statements and its transactions left
 * idle are bounded (a slow client or a runaway query cannot hold a connection for ever); workers
 * (chunk transactions, exports of millions of rows) and scripts (seeds, the benchmark) run long
 * statements on purpose and get no such limit. Next inlines NEXT_RUNTIME into its server bundles,
 * so only code running inside the web app sees "nodejs".
 */
export type PoolProfile = "web" | "background";

function currentProfile(): PoolProfile {
  return process.env.NEXT_RUNTIME === "nodejs" ? "web" : "background";
}

/** The options of a pool for `profile` (exported for the tests that check what the database enforces). */
export function poolConfig(profile: PoolProfile, max = setting("DB_POOL_MAX")): pg.PoolConfig {
  const connectionString = setting("DATABASE_URL");
  if (!connectionString) throw new Error("DATABASE_URL is not set (start the app with `npm start`)");
  return {
    connectionString,
    max,
    application_name: setting("BATCHDESK_SERVICE"),
    // A waiter gives up (and its request or job fails) instead of hanging behind a full pool.
    connectionTimeoutMillis: setting("DB_CONNECT_TIMEOUT_MS"),
    // Sent as startup parameters, so they hold for Prisma's queries too; 0 leaves PostgreSQL's default (none).
    ...(profile === "web"
      ? { statement_timeout: setting("WEB_DB_STATEMENT_TIMEOUT_MS"), idle_in_transaction_session_timeout: setting("WEB_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS") }
      : {}),
  };
}

function quietOnError(pool: pg.Pool): pg.Pool {
  pool.on("error", () => {
    // An idle client lost its connection (or the server ended an idle transaction); the pool replaces it on next use.
  });
  return pool;
}

// A process that knows what it needs (the worker, from its job concurrencies) sets its pool's size
// before first use; every other process gets DB_POOL_MAX.
const sizing = globalThis as unknown as { __batchdeskPoolMax?: number };

/** Sizes this process's main pool; must be called before the pool is first used. */
export function setPoolMax(max: number): void {
  if (holder.__batchdeskDb) throw new Error("setPoolMax: the pool is already open");
  sizing.__batchdeskPoolMax = max;
}

/** The size the main pool has (or will have when opened). */
export function poolMax(): number {
  return sizing.__batchdeskPoolMax ?? setting("DB_POOL_MAX");
}

function connect(): Db {
  const pool = quietOnError(new pg.Pool(poolConfig(currentProfile(), poolMax())));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { pool, prisma, control: null, counters: null };
}

function db(): Db {
  holder.__batchdeskDb ??= connect();
  return holder.__batchdeskDb;
}

/** The Prisma client (lazily connected, so importing this module needs no database). */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get: (_t, key) => Reflect.get(db().prisma, key),
});

/** The raw pg pool behind Prisma, for set-based SQL on hot paths. */
export function pool(): pg.Pool {
  return db().pool;
}

/**
 * Two connections of their own for the control writes of long jobs (a fetch's progress, which is
 * also how it notices a cancel): however busy the main pool is, a cancel is seen within a second.
 * Opened on first use, closed again when idle.
 */
export function controlPool(): pg.Pool {
  const current = db();
  current.control ??= quietOnError(new pg.Pool({ ...poolConfig(currentProfile(), 2), idleTimeoutMillis: 30_000 }));
  return current.control;
}

/** Closes the pools; used by scripts, tests and the worker's shutdown. */
export async function disconnect(): Promise<void> {
  const current = holder.__batchdeskDb;
  if (!current) return;
  holder.__batchdeskDb = undefined;
  await current.prisma.$disconnect();
  await current.pool.end();
  await current.control?.end();
  await current.counters?.end();
}

/**
 * A few connections for counters nothing depends on surviving a crash (rate-limit windows): their
 * commits do not wait for the WAL flush (`synchronous_commit = off`, for these sessions only), which
 * is most of what a counted request costs; a crash may forget the last fraction of a second of
 * counts. Everything else keeps synchronous commits.
 */
export function countersPool(): pg.Pool {
  const current = db();
  current.counters ??= quietOnError(new pg.Pool({ ...poolConfig(currentProfile(), 4), idleTimeoutMillis: 30_000, options: "-c synchronous_commit=off" }));
  return current.counters;
}
