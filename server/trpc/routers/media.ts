import { z } from "zod";
import { createMediaFetch, refetchFailed } from "../../media/create";
import { listFetchItems } from "../../media/items";
import { maxFilesPerFetch } from "../../media/limits";
import { fetchInputSchema, fetchItemsQuerySchema } from "../../media/schemas";
import { operatorProcedure, protectedProcedure, router } from "../init";

export const mediaRouter = router({
  /** Starts a bulk fetch of media files; returns the batch summary (follow it with batch.progress). */
  fetch: operatorProcedure.input(fetchInputSchema).mutation(({ ctx, input }) => createMediaFetch(ctx.user, input)),
  /** Starts a new fetch of the files that failed in a finished one. */
  refetchFailed: operatorProcedure.input(z.object({ batchId: z.uuid() })).mutation(({ ctx, input }) => refetchFailed(ctx.user, input.batchId)),
  /** Per-file state, bytes and speed of a fetch batch. */
  fetchItems: protectedProcedure.input(fetchItemsQuerySchema).query(({ ctx, input }) => listFetchItems(ctx.user, input)),
  /** What the fetch dialog may offer. */
  fetchOptions: protectedProcedure.query(() => ({ maxFiles: maxFilesPerFetch(), concurrency: { min: 1, max: 5, default: 3 } })),
});
