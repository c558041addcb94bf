// Applies pending migrations to DATABASE_URL (what `npm start` does on every start).
import "../server/config-check";
import { setting } from "../server/config";
import { migrate } from "../server/db/migrator";

const url = setting("DATABASE_URL") ?? ""; // set: config-check exits otherwise
const applied = await migrate(url, { log: console.log });
console.log(applied.length ? `applied ${applied.length} migration(s)` : "database is up to date");
