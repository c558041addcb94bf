// Once per run: a migrated template database that each test file copies (CREATE DATABASE … TEMPLATE
// takes milliseconds, far less than migrating per file).
import { migrate } from "../../server/db/migrator";
import { admin, databaseUrl, TEMPLATE_DB } from "./test-cluster";

export default async function setup() {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  });
  await migrate(databaseUrl(TEMPLATE_DB));
}
