import { setting } from "../../server/config";
import { startEmbeddedPostgres, type EmbeddedDb } from "../../server/db/embedded";
import { migrate } from "../../server/db/migrator";
import { provisionAppRole, userOf } from "../../server/db/roles";
import { embeddedAppUrl } from "./app-role";
import { dataDir, embeddedPort } from "./paths";

/**
 * DATABASE_URL when set, else the embedded PostgreSQL under `.data/pg`; then pending migrations,
 * run as the schema's owner, and the app's role given what it needs. Sets process.env.DATABASE_URL
 * to the app's (least-privileged) URL, so everything started afterwards runs as that role.
 */
export async function prepareDatabase(log: (msg: string) => void): Promise<EmbeddedDb | null> {
  const configured = setting("DATABASE_URL");
  if (!configured) {
    const embedded = await startEmbeddedPostgres({ dir: dataDir("pg"), port: embeddedPort() });
    log(`embedded PostgreSQL on port ${embeddedPort()} (data in .data/pg)`);
    await migrateAndLog(embedded.url, log);
    process.env.DATABASE_URL = await embeddedAppUrl(embedded.url);
    return embedded;
  }
  const owner = setting("DATABASE_OWNER_URL");
  await migrateAndLog(owner ?? configured, log);
  if (owner && userOf(owner) !== userOf(configured)) await provisionAppRole(owner, userOf(configured));
  else log("the app connects as the schema's owner; set DATABASE_OWNER_URL to run it as a least-privileged role (README, Configuration)");
  return null;
}

async function migrateAndLog(url: string, log: (msg: string) => void): Promise<void> {
  const applied = await migrate(url, { log });
  if (applied.length === 0) log("database schema is up to date");
}
