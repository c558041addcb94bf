import { tracked } from "@trpc/server";
import type { Actor } from "../auth/actor";
import { assertCanSeeBatch } from "../auth/policy";
import { isFinalState } from "../contracts/batch";
import { setting } from "../config";
import { prisma } from "../db";
import { AppError, toTRPCError } from "../errors";
import { PerUserSlots } from "../http/per-user-slots";
import { tokenStillActs } from "../tokens/resolve";
import { progressFor } from "./read";

const POLL_MS = 500;

const streams = PerUserSlots.shared(
  "progress-streams",
  () => setting("PROGRESS_STREAMS_PER_USER"),
  (limit) => `You already have ${limit} live progress views open; close some tabs, then try again.`,
);

/** Progress streams `userId` has open now, over every web process (for tests). */
export function progressStreamsInUse(userId: string): Promise<number> {
  return streams.inUse(userId);
}

/** States in which a batch moves by itself: a worker has it or is about to. */
const MOVING = new Set(["planning", "queued", "running"]);

type Who = Pick<Actor, "id" | "role">;

async function visibleRow(actor: Who, batchId: string) {
  const batch = await prisma.batch.findUnique({ where: { id: batchId } });
  if (!batch) throw new AppError("NOT_FOUND", "No such batch.");
  assertCanSeeBatch(actor, batch.createdById);
  return batch;
}

/**
 * Polls the batch row and yields each new progress. It ends (the client reconnects, resuming from
 * the last event id) when the batch is final, after PROGRESS_STREAM_MAX_MS, or once a batch that is
 * not moving by itself (previewed, paused) has shown no change for PROGRESS_STREAM_QUIET_MS: an open
 * stream holds a socket and polls the database, and none should do so for ever (finding 11).
 */
async function* events(actor: Actor, batchId: string, lastEventId: string | null | undefined, signal?: AbortSignal) {
  let seen = lastEventId ? Number(lastEventId) : -1;
  let release: (() => Promise<void>) | null = null;
  try {
    // Taken inside the stream, so the slot is given back by the `finally` however the stream ends.
    release = await streams.acquire(actor.id);
    const endsAt = Date.now() + setting("PROGRESS_STREAM_MAX_MS");
    const quietMs = setting("PROGRESS_STREAM_QUIET_MS");
    let changedAt = Date.now();
    for (;;) {
      // A stream outlives the request that checked the token; revoking it (or its owner's disable)
      // must end the stream too, not only the next request.
      if (actor.kind === "token" && !(await tokenStillActs(actor.tokenId))) throw new AppError("UNAUTHORIZED", "This API token was revoked or has expired.");
      const batch = await visibleRow(actor, batchId);
      const progress = progressFor(actor, batch);
      if (batch.progressSeq !== seen) {
        seen = batch.progressSeq;
        changedAt = Date.now();
        yield tracked(String(batch.progressSeq), progress);
      }
      if (isFinalState(progress.state) || signal?.aborted) return;
      const now = Date.now();
      if (now >= endsAt || (!MOVING.has(batch.state) && now - changedAt >= quietMs)) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (signal?.aborted) return;
    }
  } catch (err) {
    // Errors thrown while streaming bypass the procedure's error mapping; map them here.
    throw toTRPCError(err);
  } finally {
    await release?.();
  }
}

/**
 * Progress events for one batch. Workers write progress to the batch row from any machine, so the
 * stream reads it there; each event's id is the batch's progress counter, which lets a reconnecting
 * client resume with `lastEventId` and skip what it has seen. Access is checked before the stream
 * starts, so an unknown or foreign batch is a plain NOT_FOUND for the subscription call.
 */
export async function progressStream(actor: Actor, batchId: string, lastEventId: string | null | undefined, signal?: AbortSignal) {
  await visibleRow(actor, batchId);
  return events(actor, batchId, lastEventId, signal);
}
