import type { JobResult, JobWithMetadata } from "pg-boss";
import { logger } from "../logger";
import type { JobHandler } from "./handlers";

/**
 * Runs one fetched batch of jobs of a queue and reports each job's outcome. A payload that does
 * not match the schema goes to `deadletter` (retrying cannot fix it); a handler error is `failed`,
 * which pg-boss retries under the queue's policy.
 */
export async function runJobs({ def, run }: JobHandler, jobs: JobWithMetadata<unknown>[], signal: AbortSignal): Promise<JobResult[]> {
  const results: JobResult[] = [];
  for (const job of jobs) {
    const log = logger.child({ job: def.name, jobId: job.id });
    const parsed = def.schema.safeParse(job.data);
    if (!parsed.success) {
      log.error({ issues: parsed.error.issues }, "invalid job payload; not retried");
      results.push({ id: job.id, status: "deadletter", output: { error: "invalid payload" } });
      continue;
    }
    const started = Date.now();
    try {
      const retriesLeft = Math.max(0, job.retryLimit - job.retryCount);
      await run(parsed.data, { jobId: job.id, retryCount: job.retryCount, retriesLeft, logger: log, signal });
      log.info({ ms: Date.now() - started }, "job completed");
      results.push({ id: job.id, status: "completed" });
    } catch (err) {
      log.error({ err, ms: Date.now() - started }, "job failed");
      results.push({ id: job.id, status: "failed", output: { error: (err as Error).message } });
    }
  }
  return results;
}
