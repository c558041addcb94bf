// Per test file: a fresh database copied from the migrated template, dropped afterwards.
import { afterAll } from "vitest";
import { disconnect } from "../../server/db";
import { stopProducer } from "../../server/jobs/boss";
import { createDatabase, dropDatabase, TEMPLATE_DB } from "./test-cluster";

const db = await createDatabase("t", TEMPLATE_DB);
process.env.DATABASE_URL = db.url;
process.env.BETTER_AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
process.env.AUTH_RATE_LIMIT = "off";
process.env.LOG_LEVEL ??= "warn";

afterAll(async () => {
  await stopProducer();
  await disconnect();
  await dropDatabase(db.name);
});
