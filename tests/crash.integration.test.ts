// A worker killed at any instant loses nothing and applies nothing twice: a 200,000-row increment
// batch survives SIGKILLs of its worker processes at several points, with one and with two workers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchEvents } from "../server/batches/events";
import { asOwner } from "./helpers/owner";
import { pool } from "../server/db";
import { callerAs } from "./helpers/session";
import { seedRows } from "./helpers/seed";
import { startWorker, waitFor, type WorkerProcess } from "./helpers/worker-process";

const ROWS = 200_000;
const running = new Set<WorkerProcess>();

function spawnWorker(): WorkerProcess {
  const w = startWorker({ LOG_LEVEL: "warn" });
  running.add(w);
  void w.exited.then(() => running.delete(w));
  return w;
}

async function kill(w: WorkerProcess) {
  w.child.kill("SIGKILL");
  await w.exited;
}

async function progress(batchId: string) {
  const { rows } = await pool().query<{ state: string; chunks_done: number; chunk_count: number }>(
    "SELECT state, chunks_done, chunk_count FROM batches WHERE id = $1",
    [batchId],
  );
  return rows[0]!;
}

/** Previews and commits "stock + 1" on every product, returning the batch id. */
async function startIncrement(maxParallel: number): Promise<string> {
  await asOwner("DROP TABLE IF EXISTS stock_before; CREATE TABLE stock_before AS SELECT id, stock FROM products");
  const admin = await callerAs("admin");
  const preview = await admin.batch.validate({
    resource: "products",
    target: { kind: "filter", selection: { scope: "all" }, excludeIds: [] },
    operation: { type: "update", changes: [{ op: "increment", field: "stock", by: 1 }] },
    options: { validation: "strict", onError: "skip", chunkSize: 1_000, maxParallel, retries: 5 },
  });
  expect(preview.preview.willChange).toBe(ROWS);
  await admin.batch.execute({ batchId: preview.id });
  return preview.id;
}

async function expectExactlyOnce(batchId: string) {
  const done = await waitFor(async () => {
    const p = await progress(batchId);
    return p.state === "completed" ? p : null;
  }, 180_000, "batch completed");
  expect(done.chunks_done).toBe(done.chunk_count);
  const { rows } = await asOwner<{ wrong: number; results: number; distinct_seq: number; images: number; succeeded: number }>(
    `SELECT
       (SELECT count(*)::int FROM products p JOIN stock_before s USING (id) WHERE p.stock <> s.stock + 1) AS wrong,
       (SELECT count(*)::int FROM batch_results WHERE batch_id = $1) AS results,
       (SELECT count(DISTINCT seq)::int FROM batch_results WHERE batch_id = $1) AS distinct_seq,
       (SELECT count(*)::int FROM batch_results r JOIN stock_before s ON s.id = r.row_id
          WHERE r.batch_id = $1 AND (r.before_image->>'stock')::int = s.stock) AS images,
       (SELECT succeeded FROM batches WHERE id = $1) AS succeeded`,
    [batchId],
  );
  expect(rows[0]).toEqual({ wrong: 0, results: ROWS, distinct_seq: ROWS, images: ROWS, succeeded: ROWS });
  // The outbox saw each state change once, however many workers died or shared the batch.
  const events = await batchEvents(batchId);
  expect(events.map((e) => `${e.action}:${e.toState}`)).toEqual(["create:planning", "preview:previewed", "commit:queued", "start:running", "finish:completed"]);
  expect(events.at(-1)!.counts).toMatchObject({ processed: ROWS, succeeded: ROWS });
}

beforeAll(async () => {
  await seedRows({ products: ROWS });
}, 120_000);

afterAll(async () => {
  for (const w of running) w.child.kill("SIGKILL");
});

describe("crash safety", () => {
  it("a worker SIGKILLed at several points mid-batch is restarted and every row is incremented exactly once", async () => {
    const batchId = await startIncrement(2);
    for (const fraction of [0, 0.3, 0.6]) {
      const worker = spawnWorker();
      const at = await waitFor(async () => {
        const p = await progress(batchId);
        return p.chunks_done >= Math.max(1, Math.floor(p.chunk_count * fraction)) ? p : null;
      }, 120_000, `chunks past ${fraction * 100}%`);
      await kill(worker);
      expect(at.state).toBe("running");
      expect((await progress(batchId)).chunks_done).toBeLessThan(at.chunk_count);
    }
    spawnWorker();
    await expectExactlyOnce(batchId);
  }, 300_000);

  it("two workers share one batch; killing one mid-way loses nothing and duplicates nothing", async () => {
    // Four runs and two slots per worker: both workers are sure to hold some.
    const batchId = await startIncrement(4);
    const a = spawnWorker();
    spawnWorker();
    await waitFor(async () => {
      const p = await progress(batchId);
      return p.chunks_done >= p.chunk_count * 0.25 ? p : null;
    }, 120_000, "a quarter done");
    await kill(a);
    await expectExactlyOnce(batchId);
    const { rows } = await pool().query<{ workers: number }>(
      "SELECT count(DISTINCT worker_id)::int AS workers FROM batch_chunks WHERE batch_id = $1",
      [batchId],
    );
    expect(rows[0]!.workers).toBeGreaterThanOrEqual(2);
  }, 300_000);
});
