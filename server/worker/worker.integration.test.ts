import { afterAll, describe, expect, it } from "vitest";
import { startWorker, waitFor, type WorkerProcess } from "../../tests/helpers/worker-process";
import { callerAs } from "../../tests/helpers/session";
import { pool, prisma } from "../db";
import { producer } from "../jobs/boss";
import { workerProbeJob } from "../jobs/definitions";

let worker: WorkerProcess | undefined;
afterAll(() => {
  worker?.child.kill("SIGKILL");
});

describe("worker process", () => {
  it("registers, processes a job end to end, and shuts down gracefully on SIGTERM", async () => {
    worker = startWorker();
    const beat = await waitFor(() => prisma.workerHeartbeat.findFirst(), 30_000, "worker heartbeat");
    expect(beat.pid).toBe(worker.child.pid);
    // Its pool was sized from its jobs' concurrencies (server/worker/pool-size.ts), not DB_POOL_MAX.
    await waitFor(async () => worker!.output().includes('"dbPoolMax":11'), 10_000, "worker started line with its pool size");

    const admin = await callerAs("admin");
    const { probeId } = await admin.system.probeWorker();
    const status = await waitFor(
      async () => {
        const s = await admin.system.probeStatus({ probeId });
        return s.processed ? s : null;
      },
      30_000,
      "probe processed",
    );
    expect(status.processedBy).toBe(beat.id);
    expect(status.latencyMs).toBeGreaterThanOrEqual(0);

    // A malformed payload is dead-lettered at once instead of retried.
    const boss = await producer();
    const badId = await boss.send(workerProbeJob.name, { probeId: "not-a-uuid" });
    const failed = await waitFor(
      async () => {
        const { rows } = await pool().query<{ state: string; retry_count: number }>(
          "SELECT state, retry_count FROM pgboss.job WHERE id = $1",
          [badId],
        );
        return rows[0]?.state === "failed" ? rows[0] : null;
      },
      30_000,
      "bad job failed",
    );
    expect(failed.retry_count).toBe(0);
    expect(worker.output()).toContain("invalid job payload");

    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain("worker stopped");
    expect(await prisma.workerHeartbeat.count()).toBe(0);
  });

  it("refuses to start with a pool too small for its jobs, saying what they need", async () => {
    const small = startWorker({ WORKER_DB_POOL_MAX: "5" });
    expect(await small.exited).toBe(1);
    expect(small.output()).toContain("The worker cannot start. WORKER_DB_POOL_MAX=5 is too small for this worker's jobs");
    expect(small.output()).toContain("Set WORKER_DB_POOL_MAX to at least 11");
    expect(await prisma.workerHeartbeat.count()).toBe(0);
  });
});
