import { z } from "zod";
import { defineJob } from "../../jobs/define";
import { runBatch } from "./run";

/**
 * Works through a batch's pending chunks. Several of these run per batch (its max parallel) on any
 * worker; chunk claims keep them apart. Payload is the id only: the batch row holds the rest.
 */
export const batchRunJob = defineJob({
  name: "batch.run",
  schema: z.object({ batchId: z.uuid() }),
  // A killed worker stops heart-beating; pg-boss hands the job to another worker after ~10 s.
  queue: { retryLimit: 5, retryDelay: 1, retryBackoff: true, heartbeatSeconds: 10, expireInSeconds: 6 * 3600 },
  concurrency: 2,
  fetchSize: 1,
  handler: ({ batchId }, { logger, signal }) => runBatch(batchId, logger, signal),
});
