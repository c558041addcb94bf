import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

/** Prisma's own advisory-lock key, so our migrator and `prisma migrate deploy` exclude each other. */
const MIGRATION_LOCK_KEY = 72707369;

// Every process (web, worker, scripts, tests) runs from the project root; the web bundle has no
// import.meta.dirname to resolve from.
export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export type Migration = { name: string; sql: string; checksum: string };

/** Migration folders in Prisma's layout (`<timestamp>_<name>/migration.sql`), oldest first. */
// The ignore comments keep Next's tracer from bundling the whole project for a runtime path.
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

// The same table Prisma creates, so Prisma's tooling recognises what we applied.
const CREATE_HISTORY = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

type Applied = { migration_name: string; checksum: string; finished_at: Date | null };

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so concurrent
 * starters serialise; a second starter finds nothing left to do. Returns the names applied.
 */
export async function migrate(
  databaseUrl: string,
  opts: { dir?: string; log?: (msg: string) => void } = {},
): Promise<string[]> {
  const migrations = readMigrations(opts.dir);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "batchdesk-migrator" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_HISTORY);
    const { rows } = await client.query<Applied>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r]));
    const done: string[] = [];
    for (const m of migrations) {
      const record = applied.get(m.name);
      if (record?.finished_at) {
        if (record.checksum !== m.checksum) {
          throw new Error(`Migration ${m.name} was edited after it was applied (checksum differs)`);
        }
        continue;
      }
      if (record) throw new Error(`Migration ${m.name} failed earlier; resolve it by hand before starting`);
      await client.query("BEGIN");
      try {
        const startedAt = new Date();
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, $4, now(), 1)`,
          [crypto.randomUUID(), m.checksum, m.name, startedAt],
        );
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
      }
      opts.log?.(`applied migration ${m.name}`);
      done.push(m.name);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/** Names of migrations on disk that the database has not applied (for /api/health). */
export async function pendingMigrations(query: (sql: string) => Promise<{ rows: { migration_name: string }[] }>) {
  const { rows } = await query(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Set(rows.map((r) => r.migration_name));
  return readMigrations().filter((m) => !applied.has(m.name)).map((m) => m.name);
}
