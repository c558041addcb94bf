// Once per run: a migrated template database that each test file copies (CREATE DATABASE … TEMPLATE
// takes milliseconds, far less than migrating per file), with the app's least-privileged role given
// what it needs there; grants are copied with the template. The run's databases are dropped at its
// end, together (see createDatabase for why not per file).
import crypto from "node:crypto";
import type { TestProject } from "vitest/node";
import { migrate } from "../../server/db/migrator";
import { APP_ROLE, provisionAppRole } from "../../server/db/roles";
import { admin, databaseUrl, dropTestDatabases, TEMPLATE_DB } from "./test-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    appRole: { name: string; password: string };
    runTag: string;
  }
}

export default async function setup(project: TestProject) {
  const abandoned = await dropTestDatabases(null);
  if (abandoned > 0) console.log(`[test] dropped ${abandoned} databases left by earlier runs`);
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  });
  await migrate(databaseUrl(TEMPLATE_DB));
  const password = crypto.randomBytes(18).toString("base64url");
  await provisionAppRole(databaseUrl(TEMPLATE_DB), APP_ROLE, password);
  const runTag = `${process.pid}${crypto.randomBytes(3).toString("hex")}`;
  project.provide("appRole", { name: APP_ROLE, password });
  project.provide("runTag", runTag);
  return async () => {
    await dropTestDatabases(runTag);
  };
}
