import { startEmbeddedPostgres, type EmbeddedDb } from "../../server/db/embedded";
import { setting } from "../../server/config";
import { migrate } from "../../server/db/migrator";
import { dataDir, embeddedPort } from "./paths";

/**
 * DATABASE_URL when set, else the embedded PostgreSQL under `.data/pg`; then pending migrations.
 * Sets process.env.DATABASE_URL so everything started afterwards uses the same database.
 */
export async function prepareDatabase(log: (msg: string) => void): Promise<EmbeddedDb | null> {
  let embedded: EmbeddedDb | null = null;
  let url = setting("DATABASE_URL");
  if (!url) {
    embedded = await startEmbeddedPostgres({ dir: dataDir("pg"), port: embeddedPort() });
    url = embedded.url;
    process.env.DATABASE_URL = url;
    log(`embedded PostgreSQL on port ${embeddedPort()} (data in .data/pg)`);
  }
  const applied = await migrate(url, { log });
  if (applied.length === 0) log("database schema is up to date");
  return embedded;
}
