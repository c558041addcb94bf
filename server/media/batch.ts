import { z } from "zod";
import { prisma } from "../db";
import { AppError } from "../errors";
import { assertCanSeeBatch, type BatchActor } from "../batch/service/actor";

/** Checks that `batchId` is a fetch batch `actor` may see (others' batches are "not found"). */
export async function assertFetchBatch(actor: BatchActor, batchId: string): Promise<void> {
  // Route parameters arrive unchecked; a malformed id is simply not a batch.
  if (!z.uuid().safeParse(batchId).success) throw new AppError("NOT_FOUND", "No such batch.");
  const batch = await prisma.batch.findUnique({ where: { id: batchId }, select: { createdById: true, operation: true } });
  if (!batch) throw new AppError("NOT_FOUND", "No such batch.");
  assertCanSeeBatch(actor, batch.createdById);
  if ((batch.operation as { type?: unknown }).type !== "fetch") throw new AppError("BAD_REQUEST", "This batch is not a file fetch.");
}
