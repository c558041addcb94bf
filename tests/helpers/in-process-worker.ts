import { pool } from "../../server/db";
import { runToEnd } from "./run-batch";

/**
 * Runs `call` while this process plays the worker: every row batch that gets committed meanwhile is
 * run to the end here, as a worker process would pick it up. For routes that wait for their batch.
 */
export async function withInProcessWorker<T>(call: () => Promise<T>): Promise<T> {
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      const { rows } = await pool().query<{ id: string }>("SELECT id FROM batches WHERE kind = 'rows' AND state IN ('queued', 'running') ORDER BY queued_at");
      for (const { id } of rows) await runToEnd(id);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  try {
    return await call();
  } finally {
    stop = true;
    await loop;
  }
}
