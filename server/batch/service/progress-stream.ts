import { tracked } from "@trpc/server";
import { prisma } from "../../db";
import { AppError } from "../../errors";
import { FINAL_STATES, type BatchState } from "../schemas";
import { assertCanSeeBatch, type BatchActor } from "./actor";
import { progressOf } from "./read";

const POLL_MS = 500;

/**
 * Progress events for one batch. Workers write progress to the batch row (once per chunk) from any
 * machine, so the stream reads it there; each event's id is the batch's progress counter, which lets
 * a reconnecting client resume with `lastEventId` and skip what it has seen.
 */
export async function* progressStream(actor: BatchActor, batchId: string, lastEventId: string | null | undefined, signal?: AbortSignal) {
  let seen = lastEventId ? Number(lastEventId) : -1;
  for (;;) {
    const batch = await prisma.batch.findUnique({ where: { id: batchId } });
    if (!batch) throw new AppError("NOT_FOUND", "No such batch.");
    assertCanSeeBatch(actor, batch.createdById);
    if (batch.progressSeq !== seen) {
      seen = batch.progressSeq;
      yield tracked(String(batch.progressSeq), progressOf(batch));
    }
    if (FINAL_STATES.includes(batch.state as BatchState) || signal?.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (signal?.aborted) return;
  }
}
