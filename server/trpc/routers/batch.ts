import { commitBatch } from "../../batches/commit";
import { controlBatch } from "../../batches/control";
import { batchTimeline } from "../../batches/events";
import { progressStream } from "../../batches/progress-stream";
import { batchActors, batchSummary, listBatches } from "../../batches/read";
import { batchInputSchema } from "../../contracts/batch";
import { batchItemsQuerySchema, batchListQuerySchema, batchRowSchema, byBatchIdSchema as byId } from "../../contracts/queries";
import { text } from "../../contracts/text";
import { validateAndCommit } from "../../row-batches/commit";
import { listItems } from "../../row-batches/items";
import { retryFailed } from "../../row-batches/retry";
import { revertBatch } from "../../row-batches/revert";
import { validateBatch } from "../../row-batches/validate";
import { operatorProcedure, protectedProcedure, router } from "../init";

export const batchRouter = router({
  /** Dry run: freezes the targets and returns the preview summary. */
  validate: operatorProcedure.input(batchInputSchema).mutation(({ ctx, input }) => validateBatch(ctx.actor, input)),
  /** Commits a previewed batch (`batchId`), or validates and commits in one call (a full batch input). */
  execute: operatorProcedure
    .input(byId.or(batchInputSchema))
    .mutation(({ ctx, input }) => ("batchId" in input ? commitBatch(ctx.actor, input.batchId) : validateAndCommit(ctx.actor, input))),
  status: protectedProcedure.input(byId).query(({ ctx, input }) => batchSummary(ctx.actor, input.batchId)),
  items: protectedProcedure.input(batchItemsQuerySchema).query(({ ctx, input }) => listItems(ctx.actor, input)),
  list: protectedProcedure.input(batchListQuerySchema).query(({ ctx, input }) => listBatches(ctx.actor, input)),
  /** Who started the batches this user may see (the list's "Started by" filter). */
  actors: protectedProcedure.query(({ ctx }) => batchActors(ctx.actor)),
  pause: operatorProcedure.input(byId).mutation(({ ctx, input }) => controlBatch(ctx.actor, input.batchId, "pause")),
  resume: operatorProcedure.input(byId).mutation(({ ctx, input }) => controlBatch(ctx.actor, input.batchId, "resume")),
  /** Any role: viewers cancel their own exports (the policy decides per batch). */
  cancel: protectedProcedure.input(byId).mutation(({ ctx, input }) => controlBatch(ctx.actor, input.batchId, "cancel")),
  discard: operatorProcedure.input(byId).mutation(({ ctx, input }) => controlBatch(ctx.actor, input.batchId, "discard")),
  retryFailed: operatorProcedure.input(byId).mutation(({ ctx, input }) => retryFailed(ctx.actor, input.batchId)),
  revert: operatorProcedure.input(byId).mutation(({ ctx, input }) => revertBatch(ctx.actor, input.batchId)),
  /** "Revert this row": a one-row revert batch, previewed (before → after, conflict if the row changed since). */
  revertRow: operatorProcedure.input(batchRowSchema).mutation(({ ctx, input }) => revertBatch(ctx.actor, input.batchId, input.rowId)),
  /** Each state change of the batch (from its event outbox), for the batch page's timeline. */
  timeline: protectedProcedure.input(byId).query(({ ctx, input }) => batchTimeline(ctx.actor, input.batchId)),
  /** Live progress over SSE; resumes from `lastEventId` after a reconnect. */
  progress: protectedProcedure
    .input(byId.extend({ lastEventId: text(20).nullish() }))
    .subscription(({ ctx, input, signal }) => progressStream(ctx.actor, input.batchId, input.lastEventId, signal)),
});
