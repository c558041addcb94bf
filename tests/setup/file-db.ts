// Per test file: a fresh database copied from the migrated template, dropped afterwards. The code
// under test connects as the app's least-privileged role, as in production; fixtures that need the
// owner (DDL) use tests/helpers/owner.ts.
import { afterAll, inject } from "vitest";
import { disconnect } from "../../server/db";
import { withCredentials } from "../../server/db/roles";
import { stopProducer } from "../../server/jobs/boss";
import { admin, createDatabase, TEMPLATE_DB } from "./test-cluster";

process.env.BATCHDESK_TEST_RUN = inject("runTag");
const db = await createDatabase("t", TEMPLATE_DB);
const role = inject("appRole");
process.env.DATABASE_URL = withCredentials(db.url, role.name, role.password);
process.env.TEST_OWNER_DATABASE_URL = db.url;
process.env.BETTER_AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
process.env.AUTH_RATE_LIMIT = "off";
process.env.LOG_LEVEL ??= "warn";

const STEP_MS = 20_000;

/**
 * Runs one teardown step, giving up after STEP_MS with what the database was doing then. A pool
 * whose end() waits on a client never released would otherwise hang the suite for the hook's whole
 * timeout and fail it; the run drops the database WITH (FORCE) at its end either way.
 */
async function bounded(step: string, fn: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), STEP_MS);
  });
  const outcome = await Promise.race([fn().then(() => "done" as const), gaveUp]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    const { rows } = await admin((c) =>
      c.query("SELECT application_name, state, left(query, 120) AS query FROM pg_stat_activity WHERE datname = $1", [db.name]),
    );
    console.warn(`[test teardown] ${step} did not finish in ${STEP_MS / 1000}s; connections: ${JSON.stringify(rows)}`);
  }
}

afterAll(async () => {
  await bounded("stopping the job producer", stopProducer);
  await bounded("closing the database pool", disconnect);
});
