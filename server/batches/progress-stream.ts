import { tracked } from "@trpc/server";
import type { Actor } from "../auth/actor";
import { assertCanSeeBatch } from "../auth/policy";
import { isFinalState } from "../contracts/batch";
import { prisma } from "../db";
import { AppError, toTRPCError } from "../errors";
import { progressFor } from "./read";

const POLL_MS = 500;

type Who = Pick<Actor, "id" | "role">;

async function visibleRow(actor: Who, batchId: string) {
  const batch = await prisma.batch.findUnique({ where: { id: batchId } });
  if (!batch) throw new AppError("NOT_FOUND", "No such batch.");
  assertCanSeeBatch(actor, batch.createdById);
  return batch;
}

async function* events(actor: Who, batchId: string, lastEventId: string | null | undefined, signal?: AbortSignal) {
  let seen = lastEventId ? Number(lastEventId) : -1;
  try {
    for (;;) {
      const batch = await visibleRow(actor, batchId);
      const progress = progressFor(actor, batch);
      if (batch.progressSeq !== seen) {
        seen = batch.progressSeq;
        yield tracked(String(batch.progressSeq), progress);
      }
      if (isFinalState(progress.state) || signal?.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (signal?.aborted) return;
    }
  } catch (err) {
    // Errors thrown while streaming bypass the procedure's error mapping; map them here.
    throw toTRPCError(err);
  }
}

/**
 * Progress events for one batch. Workers write progress to the batch row from any machine, so the
 * stream reads it there; each event's id is the batch's progress counter, which lets a reconnecting
 * client resume with `lastEventId` and skip what it has seen. Access is checked before the stream
 * starts, so an unknown or foreign batch is a plain NOT_FOUND for the subscription call.
 */
export async function progressStream(actor: Who, batchId: string, lastEventId: string | null | undefined, signal?: AbortSignal) {
  await visibleRow(actor, batchId);
  return events(actor, batchId, lastEventId, signal);
}
