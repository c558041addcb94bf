// Applies pending migrations (what `npm start` does on every start): as DATABASE_OWNER_URL's role
// when set — then DATABASE_URL's role is given what the app needs — else as DATABASE_URL's.
import "../server/config-check";
import { setting } from "../server/config";
import { migrate } from "../server/db/migrator";
import { provisionAppRole, userOf } from "../server/db/roles";

const app = setting("DATABASE_URL") ?? ""; // set: config-check exits otherwise
const owner = setting("DATABASE_OWNER_URL");
const applied = await migrate(owner ?? app, { log: console.log });
console.log(applied.length ? `applied ${applied.length} migration(s)` : "database is up to date");
if (owner && userOf(owner) !== userOf(app)) {
  await provisionAppRole(owner, userOf(app));
  console.log(`granted ${userOf(app)} what the app needs`);
}
