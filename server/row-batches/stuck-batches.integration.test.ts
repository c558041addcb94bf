import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runToEnd } from "../../tests/helpers/run-batch";
import { seedRows } from "../../tests/helpers/seed";
import { asOwner } from "../../tests/helpers/owner";
import { callerAs } from "../../tests/helpers/session";
import { sweepOrphanedBatches } from "../batches/sweep";
import { pool } from "../db";
import { batchRunJob } from "../jobs/definitions";
import { logger } from "../logger";
import { runBatch } from "./execute/run";

type Caller = Awaited<ReturnType<typeof callerAs>>;
let admin: Caller;

beforeAll(async () => {
  await seedRows({ letters: 300 });
  admin = await callerAs("admin");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** A committed batch setting senderName on letters 1..n, in chunks of `chunkSize`. */
async function committedBatch(n: number, chunkSize: number, value: string) {
  const preview = await admin.batch.validate({
    resource: "letters",
    target: { kind: "ids", ids: Array.from({ length: n }, (_, i) => i + 1) },
    operation: { type: "update", changes: [{ op: "set", field: "senderName", value }] },
    options: { chunkSize },
  });
  await admin.batch.execute({ batchId: preview.id });
  return preview.id;
}

async function chunks(batchId: string) {
  const { rows } = await pool().query<{ chunk_no: number; state: string; attempts: number }>(
    "SELECT chunk_no, state, attempts FROM batch_chunks WHERE batch_id = $1 ORDER BY chunk_no",
    [batchId],
  );
  return rows;
}

async function liveRunJobs(batchId: string): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'batchId' = $2 AND state IN ('created', 'retry', 'active')`,
    [batchRunJob.name, batchId],
  );
  return rows[0]!.n;
}

describe("row batches that would stay running for ever", () => {
  it("last chunk committed, worker gone before finishing: the sweep re-queues it and its run completes it", async () => {
    const batchId = await committedBatch(150, 100, "Stuck once");
    // A worker that is stopping applies the chunk in hand and then gives up before it looks for the
    // next: with the signal already aborted, both chunks commit and the batch is never finalized.
    const stopping = AbortSignal.abort();
    await expect(runBatch(batchId, logger, stopping)).rejects.toThrow(/shutting down/);
    await expect(runBatch(batchId, logger, stopping)).rejects.toThrow(/shutting down/);
    expect((await chunks(batchId)).map((c) => c.state)).toEqual(["done", "done"]);
    expect((await admin.batch.status({ batchId })).state).toBe("running");

    // pg-boss gave up on the dead worker's job: nothing would ever run the batch again.
    await pool().query("DELETE FROM pgboss.job WHERE name = $1 AND data->>'batchId' = $2", [batchRunJob.name, batchId]);
    expect(await sweepOrphanedBatches({ starting: false })).toBe(1);
    expect(await liveRunJobs(batchId)).toBe(1);
    // The re-queued job's run, as a worker takes it.
    await runToEnd(batchId);
    const done = await admin.batch.status({ batchId });
    expect(done.progress).toMatchObject({ state: "completed", processed: 150, counts: { succeeded: 150, failed: 0 } });
    const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM letters WHERE id <= 150 AND sender_name = 'Stuck once'");
    expect(rows[0]!.n).toBe(150);
    // Finished: the next sweep leaves it alone.
    expect(await sweepOrphanedBatches({ starting: false })).toBe(0);
  });

  it("a chunk failing with a non-data error on every run fails the batch after CHUNK_MAX_ATTEMPTS, with a message", async () => {
    vi.stubEnv("CHUNK_MAX_ATTEMPTS", "3");
    const batchId = await committedBatch(250, 100, "Never written");
    // Rows 101..200 hit an error that is not about their data (class P0, not 22/23): the chunk
    // cannot be isolated per item and is rolled back whole each time.
    await asOwner(`CREATE FUNCTION refuse_letter() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id BETWEEN 101 AND 200 THEN RAISE EXCEPTION 'the archive is offline'; END IF; RETURN NEW; END $$`);
    await asOwner("CREATE TRIGGER refuse_letter BEFORE UPDATE ON letters FOR EACH ROW EXECUTE FUNCTION refuse_letter()");
    try {
      // Chunk 1 commits, chunk 2 fails; pg-boss would retry the job, which fails the same way.
      await expect(runBatch(batchId, logger)).rejects.toThrow(/archive is offline/);
      expect((await chunks(batchId)).map((c) => [c.state, c.attempts])).toEqual([["done", 1], ["pending", 1], ["pending", 0]]);
      await expect(runBatch(batchId, logger)).rejects.toThrow(/archive is offline/);
      expect((await admin.batch.status({ batchId })).state).toBe("running");
      // The third failure is the last: the run ends normally (the job is done), the batch failed.
      await runBatch(batchId, logger);
    } finally {
      await asOwner("DROP TRIGGER refuse_letter ON letters; DROP FUNCTION refuse_letter()");
    }
    const status = await admin.batch.status({ batchId });
    expect(status.state).toBe("failed");
    expect(status.progress.lastError).toBe(
      "Rows 101–200 failed 3 times with a server error that is not about their data (the error has been logged), so the batch was stopped. Rows applied before stay applied; the rest were not.",
    );
    expect((await chunks(batchId)).map((c) => [c.state, c.attempts])).toEqual([["done", 1], ["cancelled", 3], ["cancelled", 0]]);
    const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM letters WHERE sender_name = 'Never written'");
    expect(rows[0]!.n).toBe(100);
    // Neither a late retry of the job nor the sweep brings it back.
    await runBatch(batchId, logger);
    expect(await sweepOrphanedBatches({ starting: true })).toBe(0);
    expect((await admin.batch.status({ batchId })).state).toBe("failed");
  });
});
