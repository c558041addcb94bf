import type pg from "pg";
import { notificationDrainJob } from "../jobs/definitions";

/**
 * Queues a notification drain in the caller's transaction (the one writing a batch's final event),
 * so its creator hears of it as soon as it commits rather than on the next sweep.
 */
export async function queueNotificationDrain(client: pg.PoolClient): Promise<void> {
  await notificationDrainJob.insert(client, [{}]);
}
