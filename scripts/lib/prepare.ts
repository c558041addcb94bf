import { startEmbeddedPostgres, type EmbeddedDb } from "../../server/db/embedded";
import { migrate } from "../../server/db/migrator";
import { dataDir, embeddedPort } from "./paths";

/**
 * DATABASE_URL when set, else the embedded PostgreSQL under `.data/pg`; then pending migrations.
 * Sets process.env.DATABASE_URL so everything started afterwards uses the same database.
 */
export async function prepareDatabase(log: (msg: string) => void): Promise<EmbeddedDb | null> {
  let embedded: EmbeddedDb | null = null;
  if (!process.env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({ dir: dataDir("pg"), port: embeddedPort() });
    process.env.DATABASE_URL = embedded.url;
    log(`embedded PostgreSQL on port ${embeddedPort()} (data in .data/pg)`);
  }
  const applied = await migrate(process.env.DATABASE_URL!, { log });
  if (applied.length === 0) log("database schema is up to date");
  return embedded;
}
