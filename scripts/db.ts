// Starts the embedded PostgreSQL alone and keeps it running (for `npm run web`/`npm run worker` by hand).
import { startEmbeddedPostgres } from "../server/db/embedded";
import { dataDir, embeddedPort } from "./lib/paths";

const db = await startEmbeddedPostgres({ dir: dataDir("pg"), port: embeddedPort() });
console.log(`PostgreSQL ready: DATABASE_URL=${db.url}`);
const stop = async () => {
  await db.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
