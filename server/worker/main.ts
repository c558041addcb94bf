// The worker process: runs every registered job. Start several (on one or many machines) against
// one database; pg-boss hands each job to exactly one of them.
import "../../scripts/lib/require-node";
import { resumeInterruptedBatches } from "../batch/execute/recover";
import { disconnect } from "../db";
import { startBoss } from "../jobs/boss";
import { jobRegistry } from "../jobs/registry";
import { logger } from "../logger";
import { startHeartbeat } from "./heartbeat";
import { workerId } from "./identity";
import { resumeStreamedBatches } from "./resume-streamed";
import { runJobs } from "./run-job";

const shutdown$ = new AbortController();
const boss = await startBoss("worker");
for (const def of jobRegistry) {
  await boss.work(
    def.name,
    {
      batchSize: def.fetchSize ?? 10,
      perJobResults: true,
      localConcurrency: def.concurrency ?? 1,
      pollingIntervalSeconds: 0.5,
    },
    (jobs) => runJobs(def, jobs, shutdown$.signal),
  );
  if (def.cron) await boss.schedule(def.name, def.cron, {});
}
const stopHeartbeat = startHeartbeat();
const resumed = await resumeInterruptedBatches(boss, { onlyOrphaned: false });
const sweep = setInterval(() => {
  Promise.all([resumeInterruptedBatches(boss, { onlyOrphaned: true }), resumeStreamedBatches(boss)])
    .then(([n, m]) => n + m > 0 && logger.warn({ batches: n, exportsAndFetches: m }, "re-queued batches that had no live job"))
    .catch((err: unknown) => logger.error({ err }, "batch sweep failed"));
}, 60_000);
logger.info({ workerId, jobs: jobRegistry.map((j) => j.name), resumedBatches: resumed }, "worker started");

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
