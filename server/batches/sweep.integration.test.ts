import { beforeAll, describe, expect, it } from "vitest";
import { callerAs } from "../../tests/helpers/session";
import { seedRows } from "../../tests/helpers/seed";
import { pool } from "../db";
import { batchRunJob, exportRunJob } from "../jobs/definitions";
import { sweepOrphanedBatches } from "./sweep";

async function liveRunJobs(batchId: string, job: string = batchRunJob.name): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'batchId' = $2 AND state IN ('created', 'retry', 'active')`,
    [job, batchId],
  );
  return rows[0]!.n;
}

beforeAll(async () => {
  await seedRows({ letters: 50 });
});

describe("re-queueing interrupted batches", () => {
  it("the sweep re-queues a running batch whose run jobs are gone, and leaves one with a live job alone", async () => {
    const admin = await callerAs("admin");
    const preview = await admin.batch.validate({
      resource: "letters",
      target: { kind: "filter", selection: { scope: "all" }, excludeIds: [] },
      operation: { type: "update", changes: [{ op: "set", field: "senderName", value: "Sweep" }] },
    });
    await admin.batch.execute({ batchId: preview.id });
    expect(await liveRunJobs(preview.id)).toBeGreaterThan(0);
    expect(await sweepOrphanedBatches({ starting: false })).toBe(0);
    // The committed jobs vanish (a worker died and pg-boss gave up on them).
    await pool().query(`DELETE FROM pgboss.job WHERE name = $1 AND data->>'batchId' = $2`, [batchRunJob.name, preview.id]);
    expect(await sweepOrphanedBatches({ starting: false })).toBe(1);
    expect(await liveRunJobs(preview.id)).toBe(1);
    // A starting worker re-queues every unfinished row batch, live job or not.
    expect(await sweepOrphanedBatches({ starting: true })).toBe(1);
    expect(await liveRunJobs(preview.id)).toBe(2);
    await admin.batch.cancel({ batchId: preview.id });
  });

  it("an export whose job is gone (its last retry died) gets a new job; one with a live job is left alone", async () => {
    const admin = await callerAs("admin");
    const exp = await admin.exports.create({ resource: "letters", target: { kind: "ids", ids: [1, 2, 3] }, format: "csv" });
    expect(await sweepOrphanedBatches({ starting: false })).toBe(0);
    expect(await liveRunJobs(exp.id, exportRunJob.name)).toBe(1);
    await pool().query(`DELETE FROM pgboss.job WHERE name = $1 AND data->>'batchId' = $2`, [exportRunJob.name, exp.id]);
    expect(await sweepOrphanedBatches({ starting: false })).toBe(1);
    expect(await liveRunJobs(exp.id, exportRunJob.name)).toBe(1);
    // A starting worker leaves a single-job batch with a live job alone: a second job would only wait on its lock.
    expect(await sweepOrphanedBatches({ starting: true })).toBe(0);
    await admin.batch.cancel({ batchId: exp.id });
  });
});
