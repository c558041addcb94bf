import pg from "pg";

/** The test cluster's admin URL (a database we never test in), set by scripts/test.ts or by hand. */
export function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL;
  if (!url) throw new Error("TEST_ADMIN_DATABASE_URL is not set: run tests with `npm test`");
  return url;
}

export const TEMPLATE_DB = "batchdesk_test_template";

/** URL of database `name` on the test cluster. */
export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs statements on the admin database (CREATE/DROP DATABASE cannot run in a transaction). */
export async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// Every database a run creates carries the run's tag, so the run drops exactly its own at the end
// (tests/setup/global-db.ts) and a later run can tell an abandoned one from a live one.
const PREFIX = "bdtest";

/** The run's tag, provided by the global setup to every test file (see file-db.ts). */
function runTag(): string {
  const tag = process.env.BATCHDESK_TEST_RUN;
  if (!tag) throw new Error("BATCHDESK_TEST_RUN is not set: tests/setup/file-db.ts sets it from the global setup");
  return tag;
}

/**
 * A new empty or template-copied database with a unique name; returns its URL. It is dropped with
 * the run's others when the run ends, not by the file: DROP DATABASE waits for a checkpoint, which
 * under another file's heavy writes can outlast any hook timeout.
 */
export async function createDatabase(prefix: string, template?: string): Promise<{ name: string; url: string }> {
  const name = `${PREFIX}_${runTag()}_${prefix}_${Math.random().toString(36).slice(2, 8)}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`));
  return { name, url: databaseUrl(name) };
}

/**
 * Drops this run's databases (`run`), or with `run` null every test database nobody is connected
 * to — those of earlier runs that were killed before their end.
 */
export async function dropTestDatabases(run: string | null): Promise<number> {
  return admin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database d
        WHERE (datname LIKE $1 OR ($2::text IS NULL AND datname ~ '^(t|mig|agree_m|agree_s)_[0-9]+_'))
          AND ($2::text IS NOT NULL OR NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname))`,
      [run ? `${PREFIX}\\_${run}\\_%` : `${PREFIX}\\_%`, run],
    );
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return rows.length;
  });
}
