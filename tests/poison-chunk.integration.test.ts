// A chunk whose processing kills the worker (here: a real worker process SIGKILLed while it applies
// the chunk, every time) is counted as an attempt when it is claimed, so after CHUNK_MAX_ATTEMPTS the
// next worker fails the batch with a message instead of taking the chunk (and dying) for ever.
import { afterAll, beforeAll, expect, it } from "vitest";
import { pool } from "../server/db";
import { asOwner } from "./helpers/owner";
import { seedRows } from "./helpers/seed";
import { callerAs } from "./helpers/session";
import { startWorker, waitFor, type WorkerProcess } from "./helpers/worker-process";

const MAX = 2;
const running = new Set<WorkerProcess>();

function spawnWorker(): WorkerProcess {
  const w = startWorker({ LOG_LEVEL: "warn", CHUNK_MAX_ATTEMPTS: String(MAX) });
  running.add(w);
  void w.exited.then(() => running.delete(w));
  return w;
}

async function chunk(batchId: string, chunkNo: number) {
  const { rows } = await pool().query<{ state: string; attempts: number }>("SELECT state, attempts FROM batch_chunks WHERE batch_id = $1 AND chunk_no = $2", [
    batchId,
    chunkNo,
  ]);
  return rows[0]!;
}

/** True once no transaction holds the chunk: the killed worker's backend has rolled back. */
async function chunkFree(batchId: string, chunkNo: number): Promise<boolean> {
  const { rowCount } = await pool().query("SELECT 1 FROM batch_chunks WHERE batch_id = $1 AND chunk_no = $2 FOR UPDATE SKIP LOCKED", [batchId, chunkNo]);
  return rowCount === 1;
}

beforeAll(async () => {
  await seedRows({ letters: 300 });
  // Letter 150 (chunk 2 of 3) takes 2 s to update: long enough to kill the worker in the middle of it.
  await asOwner(`CREATE FUNCTION slow_letter() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.id = 150 THEN PERFORM pg_sleep(2); END IF; RETURN NEW; END $$`);
  await asOwner("CREATE TRIGGER slow_letter BEFORE UPDATE ON letters FOR EACH ROW EXECUTE FUNCTION slow_letter()");
});

afterAll(async () => {
  for (const w of running) w.child.kill("SIGKILL");
  await asOwner("DROP TRIGGER IF EXISTS slow_letter ON letters; DROP FUNCTION IF EXISTS slow_letter()");
});

it("a chunk that kills every worker taking it fails its batch after CHUNK_MAX_ATTEMPTS, with a message", async () => {
  const admin = await callerAs("admin");
  const preview = await admin.batch.validate({
    resource: "letters",
    target: { kind: "ids", ids: Array.from({ length: 300 }, (_, i) => i + 1) },
    operation: { type: "update", changes: [{ op: "set", field: "senderName", value: "Poisoned" }] },
    options: { chunkSize: 100, maxParallel: 1, retries: 5 },
  });
  await admin.batch.execute({ batchId: preview.id });
  const batchId = preview.id;

  for (let attempt = 1; attempt <= MAX; attempt++) {
    const worker = spawnWorker();
    // The claim committed its attempt; the worker is now inside chunk 2's apply (letter 150 sleeping).
    await waitFor(async () => (await chunk(batchId, 2)).attempts === attempt, 60_000, `attempt ${attempt} of chunk 2`);
    worker.child.kill("SIGKILL");
    await worker.exited;
    expect(await chunk(batchId, 2)).toEqual({ state: "pending", attempts: attempt });
    await waitFor(() => chunkFree(batchId, 2), 30_000, "the killed worker's transaction to end");
  }
  expect((await admin.batch.status({ batchId })).state).toBe("running");

  // The next worker claims it once more, sees it was started MAX times and never finished, and fails the batch.
  spawnWorker();
  const failed = await waitFor(async () => {
    const s = await admin.batch.status({ batchId });
    return s.state === "failed" ? s : null;
  }, 60_000, "the batch to fail");
  expect(failed.progress.lastError).toBe(
    `Rows 101–200 were started ${MAX} times and never finished (a worker stopped or failed while applying them each time; ` +
      "see the worker logs), so the batch was stopped. Rows applied before stay applied; the rest were not.",
  );
  const { rows } = await pool().query<{ chunk_no: number; state: string }>("SELECT chunk_no, state FROM batch_chunks WHERE batch_id = $1 ORDER BY chunk_no", [batchId]);
  expect(rows.map((r) => r.state)).toEqual(["done", "cancelled", "cancelled"]);
  const written = await pool().query<{ id: number }>("SELECT id FROM letters WHERE sender_name = 'Poisoned' ORDER BY id");
  expect(written.rows.map((r) => r.id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
}, 240_000);
