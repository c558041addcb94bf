import type pg from "pg";
import { webhookDrainJob } from "../jobs/definitions";

/**
 * Queues a drain in the caller's transaction (the one writing a batch's final event), so the event
 * goes out as soon as it commits rather than on the next sweep. Skipped while no webhook is enabled:
 * most installs have none, and their batches should not queue jobs for nothing.
 */
export async function queueWebhookDrain(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ any: boolean }>("SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled) AS any");
  if (rows[0]?.any) await webhookDrainJob.insert(client, [{}]);
}
