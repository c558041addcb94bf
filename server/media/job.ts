import { z } from "zod";
import { defineJob } from "../jobs/define";
import { runMediaFetch } from "./run";

const RETRY_LIMIT = 3;

/** Downloads the files of one fetch batch. The payload is the batch id; media_fetches holds the rest. */
export const mediaFetchJob = defineJob({
  name: "media.fetch",
  schema: z.object({ batchId: z.uuid() }),
  // A killed worker stops heart-beating; the retry downloads what was not finished.
  queue: { retryLimit: RETRY_LIMIT, retryDelay: 5, retryBackoff: true, heartbeatSeconds: 10, expireInSeconds: 6 * 3600 },
  concurrency: 2,
  fetchSize: 1,
  handler: ({ batchId }, { logger, signal, retryCount }) => runMediaFetch(batchId, logger, { shutdown: signal, retriesLeft: RETRY_LIMIT - retryCount }),
});
