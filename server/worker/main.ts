// The worker process: runs every job in handlers.ts. Start several (on one or many machines) against
// one database; pg-boss hands each job to exactly one of them.
import "../../scripts/lib/require-node";
import "../config-check";
import { sweepOrphanedBatches } from "../batches/sweep";
import { disconnect, poolMax, setPoolMax } from "../db";
import { ensureQueue, startBoss } from "../jobs/boss";
import { logger } from "../logger";
import { workerId } from "../process";
import { HANDLERS } from "./handlers";
import { startHeartbeat } from "./heartbeat";
import { workerPoolSize } from "./pool-size";
import { runJobs } from "./run-job";

const SWEEP_MS = 60_000;
try {
  // Before anything opens the pool: every handler at its concurrency must fit, with room to spare.
  setPoolMax(workerPoolSize(HANDLERS.map((h) => h.def)));
} catch (err) {
  console.error(`The worker cannot start. ${(err as Error).message}`);
  process.exit(1);
}
const shutdown$ = new AbortController();
const boss = await startBoss("worker");
for (const handler of HANDLERS) {
  const { def } = handler;
  await ensureQueue(boss, def);
  await boss.work(
    def.name,
    { batchSize: def.fetchSize ?? 10, perJobResults: true, includeMetadata: true, localConcurrency: def.concurrency ?? 1, pollingIntervalSeconds: 0.5 },
    (jobs) => runJobs(handler, jobs, shutdown$.signal),
  );
  if (def.cron) await boss.schedule(def.name, def.cron(), {});
}

const stopHeartbeat = startHeartbeat();
// The worker this one replaces may have died a moment ago with its jobs still looking alive: on
// start, every unfinished row batch gets a run (an extra one is harmless).
const resumed = await sweepOrphanedBatches({ starting: true });
const sweep = setInterval(() => {
  sweepOrphanedBatches({ starting: false })
    .then((n) => n > 0 && logger.warn({ batches: n }, "re-queued batches that had no live job"))
    .catch((err: unknown) => logger.error({ err }, "batch sweep failed"));
}, SWEEP_MS);
logger.info({ workerId, jobs: HANDLERS.map((h) => h.def.name), resumedBatches: resumed, dbPoolMax: poolMax() }, "worker started");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "worker stopping: finishing the chunks in hand");
  shutdown$.abort();
  clearInterval(sweep);
  // Graceful: stop fetching, let running handlers finish (up to the timeout), then disconnect.
  await boss.stop({ graceful: true, timeout: 30_000, close: true });
  await stopHeartbeat();
  await disconnect();
  logger.info("worker stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
