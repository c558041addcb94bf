import { runBatch } from "../../server/row-batches/execute/run";
import { logger } from "../../server/logger";

/** Runs a committed batch to the end in this process, as one worker would. */
export async function runToEnd(batchId: string): Promise<void> {
  await runBatch(batchId, logger);
}
