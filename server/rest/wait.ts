import type { Actor } from "../auth/actor";
import { batchSummary } from "../batches/read";
import { isFinalState, type BatchState } from "../contracts/batch";

const POLL_MS = 200;

type Summary = { id: string; state: BatchState };
const isSummary = (v: unknown): v is Summary => typeof v === "object" && v !== null && "id" in v && "state" in v;

/**
 * For `?wait=SECONDS`: the batch summary once the batch has finished (or is waiting for someone:
 * previewed, paused), or as it is when the time is up or the client goes away. A worker on any
 * machine moves the batch, so this reads the row; the caller gets the newest summary either way.
 */
export async function waitForFinish(actor: Actor, data: unknown, seconds: number, signal?: AbortSignal): Promise<unknown> {
  if (!isSummary(data)) return data;
  const until = Date.now() + seconds * 1000;
  let summary: Summary = data;
  while (!settled(summary.state) && Date.now() < until && !signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, until - Date.now()))));
    summary = await batchSummary(actor, data.id);
  }
  return summary;
}

/** States a batch stays in until someone acts: final ones, a preview, a pause. */
function settled(state: BatchState): boolean {
  return isFinalState(state) || state === "previewed" || state === "paused";
}
