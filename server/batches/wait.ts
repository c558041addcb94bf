import type { Actor } from "../auth/actor";
import { isFinalState, type BatchState } from "../contracts/batch";
import { batchSummary, type BatchSummary } from "./read";

/** The longest any caller may hold a request open waiting for a batch. */
export const MAX_WAIT_SECONDS = 60;

// Soon at first (a small batch is often done within milliseconds), then every 100 ms.
const POLLS_MS = [10, 25, 50, 100];

/**
 * The batch's summary once it has finished (or waits for someone: previewed, paused), or as it is when `seconds` have passed (at most
 * MAX_WAIT_SECONDS), for API calls that answer a small batch synchronously (`?wait=`, the seeds'
 * execute). A worker runs the batch meanwhile; this only reads. Stops early when `signal` aborts
 * (the client went away). A batch the actor may not see is NOT_FOUND at once.
 */
export async function waitForBatch(actor: Pick<Actor, "id" | "role">, batchId: string, seconds: number, signal?: AbortSignal): Promise<BatchSummary> {
  const deadline = Date.now() + Math.min(Math.max(0, seconds), MAX_WAIT_SECONDS) * 1000;
  let polls = 0;
  for (;;) {
    const summary = await batchSummary(actor, batchId);
    const left = deadline - Date.now();
    if (settled(summary.state) || left <= 0 || signal?.aborted) return summary;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLLS_MS[Math.min(polls++, POLLS_MS.length - 1)]!, left)));
  }
}

/** States a batch stays in until someone acts: waiting on there would only use the time up. */
function settled(state: BatchState): boolean {
  return isFinalState(state) || state === "previewed" || state === "paused";
}
