import { createMediaFetch, refetchFailed } from "../../media/create";
import { listFetchItems } from "../../media/items";
import { maxFilesPerFetch } from "../../media/limits";
import { FETCH_CONCURRENCY, fetchInputSchema, fetchItemsQuerySchema } from "../../contracts/media";
import { byBatchIdSchema } from "../../contracts/queries";
import { operatorProcedure, protectedProcedure, router } from "../init";

export const mediaRouter = router({
  /** Starts a bulk fetch of media files; returns the batch summary (follow it with batch.progress). */
  fetch: operatorProcedure.input(fetchInputSchema).mutation(({ ctx, input }) => createMediaFetch(ctx.actor, input)),
  /** Starts a new fetch of the files that failed in a finished one. */
  refetchFailed: operatorProcedure.input(byBatchIdSchema).mutation(({ ctx, input }) => refetchFailed(ctx.actor, input.batchId)),
  /** Per-file state, bytes and speed of a fetch batch. */
  fetchItems: protectedProcedure.input(fetchItemsQuerySchema).query(({ ctx, input }) => listFetchItems(ctx.actor, input)),
  /** What the fetch dialog may offer. */
  fetchOptions: protectedProcedure.query(() => ({ maxFiles: maxFilesPerFetch(), concurrency: FETCH_CONCURRENCY })),
});
