import { z } from "zod";
import { commitBatch, validateAndCommit } from "../../batch/service/commit";
import { controlBatch } from "../../batch/service/control";
import { retryFailed, revertBatch } from "../../batch/service/derive";
import { progressStream } from "../../batch/service/progress-stream";
import { batchActors, batchSummary, itemsQuerySchema, listBatches, listItems, listQuerySchema } from "../../batch/service/read";
import { validateBatch } from "../../batch/service/validate";
import { batchInputSchema } from "../../batch/schemas";
import { operatorProcedure, protectedProcedure, router } from "../init";

const byId = z.object({ batchId: z.uuid() });

export const batchRouter = router({
  /** Dry run: freezes the targets and returns the preview summary. */
  validate: operatorProcedure.input(batchInputSchema).mutation(({ ctx, input }) => validateBatch(ctx.user, input)),
  /** Commits a previewed batch (`batchId`), or validates and commits in one call (a full batch input). */
  execute: operatorProcedure
    .input(z.union([byId, batchInputSchema]))
    .mutation(({ ctx, input }) => ("batchId" in input ? commitBatch(ctx.user, input.batchId) : validateAndCommit(ctx.user, input))),
  status: protectedProcedure.input(byId).query(({ ctx, input }) => batchSummary(ctx.user, input.batchId)),
  items: protectedProcedure.input(itemsQuerySchema).query(({ ctx, input }) => listItems(ctx.user, input)),
  list: protectedProcedure.input(listQuerySchema).query(({ ctx, input }) => listBatches(ctx.user, input)),
  /** Who started the batches this user may see (the list's "Started by" filter). */
  actors: protectedProcedure.query(({ ctx }) => batchActors(ctx.user)),
  pause: operatorProcedure.input(byId).mutation(({ ctx, input }) => controlBatch(ctx.user, input.batchId, "pause")),
  resume: operatorProcedure.input(byId).mutation(({ ctx, input }) => controlBatch(ctx.user, input.batchId, "resume")),
  cancel: operatorProcedure.input(byId).mutation(({ ctx, input }) => controlBatch(ctx.user, input.batchId, "cancel")),
  discard: operatorProcedure.input(byId).mutation(({ ctx, input }) => controlBatch(ctx.user, input.batchId, "discard")),
  retryFailed: operatorProcedure.input(byId).mutation(({ ctx, input }) => retryFailed(ctx.user, input.batchId)),
  revert: operatorProcedure.input(byId).mutation(({ ctx, input }) => revertBatch(ctx.user, input.batchId)),
  /** Live progress over SSE; resumes from `lastEventId` after a reconnect. */
  progress: protectedProcedure
    .input(byId.extend({ lastEventId: z.string().nullish() }))
    .subscription(({ ctx, input, signal }) => progressStream(ctx.user, input.batchId, input.lastEventId, signal)),
});
