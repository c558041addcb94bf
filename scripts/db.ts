// Starts the embedded PostgreSQL alone and keeps it running (for `npm run web`/`npm run worker` by hand).
import { startEmbeddedPostgres } from "../server/db/embedded";
import { embeddedAppLogin } from "./lib/app-role";
import { dataDir, embeddedPort } from "./lib/paths";

const db = await startEmbeddedPostgres({ dir: dataDir("pg"), port: embeddedPort() });
// Migrations run as the owner; `npm run migrate` then grants the app's role what it needs.
console.log(`PostgreSQL ready:\n  export DATABASE_OWNER_URL=${db.url}\n  export DATABASE_URL=${await embeddedAppLogin(db.url)}`);
const stop = async () => {
  await db.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
