import type { Actor } from "../auth/actor";
import { isFinalState, type BatchState } from "../contracts/batch";
import { pool } from "../db";
import { batchSummary, type BatchSummary } from "./read";

const POLL_MS = 100;

/**
 * The batch's summary once it has finished, or after `seconds` if it has not (a small batch is then
 * answered synchronously, a large one with where it got to). The batch must be visible to `actor`.
 */
export async function waitForBatch(actor: Pick<Actor, "id" | "role">, batchId: string, seconds: number): Promise<BatchSummary> {
  const first = await batchSummary(actor, batchId);
  if (isFinalState(first.state) || first.state === "previewed") return first;
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
    const { rows } = await pool().query<{ state: BatchState }>("SELECT state FROM batches WHERE id = $1", [batchId]);
    if (!rows[0] || isFinalState(rows[0].state)) break;
  }
  return batchSummary(actor, batchId);
}
