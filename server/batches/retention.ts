import { setting } from "../config";
import { purgeBatchesOlderThan, type PurgeCounts } from "./purge";

/**
 * The retention job: finished batches older than BATCH_DATA_RETENTION_DAYS lose their per-row data
 * and output files (purge.ts), as seed 000's admin cleanup does; null when retention is off (0).
 */
export async function applyRetention(): Promise<PurgeCounts | null> {
  const days = setting("BATCH_DATA_RETENTION_DAYS");
  if (days === 0) return null;
  return purgeBatchesOlderThan(days * 24, null);
}
