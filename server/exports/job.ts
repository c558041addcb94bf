import { z } from "zod";
import { defineJob } from "../jobs/define";
import { runExport } from "./run";

const RETRY_LIMIT = 3;

/** Writes one export batch's file. The payload is the batch id; the batch row holds the rest. */
export const exportRunJob = defineJob({
  name: "export.run",
  schema: z.object({ batchId: z.uuid() }),
  // A killed worker stops heart-beating and another one retries the export from the start.
  queue: { retryLimit: RETRY_LIMIT, retryDelay: 5, retryBackoff: true, heartbeatSeconds: 10, expireInSeconds: 6 * 3600 },
  concurrency: 2,
  fetchSize: 1,
  handler: ({ batchId }, { logger, signal, retryCount }) => runExport(batchId, logger, { shutdown: signal, retriesLeft: RETRY_LIMIT - retryCount }),
});
