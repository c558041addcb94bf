import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { setting } from "./config";
import { PrismaClient } from "./generated/prisma/client";

// int8 (counts, bigint ids) as JS numbers: every value we store fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

type Db = { pool: pg.Pool; prisma: PrismaClient };

// One pool per process, shared by Prisma and raw SQL; kept on globalThis so Next's dev reloads reuse it.
const holder = globalThis as unknown as { __batchdeskDb?: Db };

function connect(): Db {
  const connectionString = setting("DATABASE_URL");
  if (!connectionString) throw new Error("DATABASE_URL is not set (start the app with `npm start`)");
  const pool = new pg.Pool({
    connectionString,
    max: setting("DB_POOL_MAX"),
    application_name: setting("BATCHDESK_SERVICE"),
  });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { pool, prisma };
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

/** Closes the pool; used by scripts, tests and the worker's shutdown. */
export async function disconnect(): Promise<void> {
  const current = holder.__batchdeskDb;
  if (!current) return;
  holder.__batchdeskDb = undefined;
  await current.prisma.$disconnect();
  await current.pool.end();
}
