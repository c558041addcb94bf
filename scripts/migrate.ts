// Applies pending migrations to DATABASE_URL (what `npm start` does on every start).
import { migrate } from "../server/db/migrator";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(1);
}
const applied = await migrate(url, { log: console.log });
console.log(applied.length ? `applied ${applied.length} migration(s)` : "database is up to date");
