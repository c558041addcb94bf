import type { Logger } from "pino";
import { webhookDeliverJob } from "../jobs/definitions";
import { deliverDue, type DeliverResult } from "./deliver";
import { drainOutbox } from "./drain";

// What the worker's webhook jobs do; the jobs themselves are in jobs/definitions.ts.

async function deliverAndSchedule(logger: Logger): Promise<DeliverResult> {
  const r = await deliverDue();
  // A job for the soonest retry; one queued per pass keeps retries prompt without a job per delivery.
  if (r.retryInSeconds !== null) await webhookDeliverJob.send({}, { startAfter: Math.max(1, Math.ceil(r.retryInSeconds)) });
  if (r.attempted) logger.info(r, "webhook deliveries attempted");
  return r;
}

/** The drain job: new events into deliveries, then whatever is due (first attempts and missed retries). */
export async function runWebhookDrain(logger: Logger): Promise<void> {
  const drained = await drainOutbox();
  if (drained.deliveries) logger.info(drained, "batch events drained into webhook deliveries");
  await deliverAndSchedule(logger);
}

/** The delivery job: sends what is due now. */
export async function runWebhookDeliver(logger: Logger): Promise<void> {
  await deliverAndSchedule(logger);
}
