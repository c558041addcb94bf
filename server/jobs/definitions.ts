import { z } from "zod";
import { setting } from "../config";
import { defineJob } from "./define";

// Every job Batchdesk queues: names, payloads and queue policies, with no handler code, so a web
// process that sends jobs loads none of what runs them. Handlers: server/worker/handlers.ts.

const batchPayload = z.object({ batchId: z.uuid() });

/**
 * Works through a row batch's pending chunks. Several of these run per batch (its max parallel) on
 * any worker; chunk claims keep them apart. Commits override the retry limit with the batch's own.
 */
export const batchRunJob = defineJob({
  name: "batch.run",
  schema: batchPayload,
  // A killed worker stops heart-beating; pg-boss hands the job to another worker after ~10 s.
  queue: { retryLimit: 5, retryDelay: 1, retryBackoff: true, heartbeatSeconds: 10, expireInSeconds: 6 * 3600 },
  concurrency: 2,
  // One chunk's claim and apply, on one connection at a time.
  connections: 1,
  fetchSize: 1,
});

/** Writes one export batch's file. A killed worker's export is retried from the start elsewhere. */
export const exportRunJob = defineJob({
  name: "export.run",
  schema: batchPayload,
  queue: { retryLimit: 3, retryDelay: 5, retryBackoff: true, heartbeatSeconds: 10, expireInSeconds: 6 * 3600 },
  concurrency: 2,
  // Its lock, and the COPY … TO reading the rows in one REPEATABLE READ snapshot (exports/stream.ts).
  connections: 2,
  fetchSize: 1,
});

/** Downloads the files of one fetch batch; a retry downloads what was not finished. */
export const mediaFetchJob = defineJob({
  name: "media.fetch",
  schema: batchPayload,
  queue: { retryLimit: 3, retryDelay: 5, retryBackoff: true, heartbeatSeconds: 10, expireInSeconds: 6 * 3600 },
  concurrency: 2,
  // Only its lock: downloads hold none while bytes trickle in (part inserts are short).
  connections: 1,
  fetchSize: 1,
});

/** A round trip through the queue: proves a worker is consuming jobs, not just alive. */
export const workerProbeJob = defineJob({
  name: "system.worker-probe",
  schema: z.object({ probeId: z.uuid() }),
  queue: { retryLimit: 3, expireInSeconds: 60 },
  connections: 0,
});

/** Deletes expired and abandoned stored files (STORED_FILE_CLEANUP_CRON, every 15 minutes by default). */
export const storageCleanupJob = defineJob({
  name: "storage.cleanup",
  schema: z.object({}).default({}),
  cron: () => setting("STORED_FILE_CLEANUP_CRON"),
  queue: { retryLimit: 2, retryDelay: 60, expireInSeconds: 15 * 60 },
  connections: 0,
});

/**
 * Turns new batch events into webhook deliveries and sends those due. Queued in the transaction that
 * ends a batch (when any webhook is enabled) and on WEBHOOK_SWEEP_CRON, which also picks up whatever
 * a killed worker left; the drain and the delivery claims are safe to run in several workers at once.
 */
export const webhookDrainJob = defineJob({
  name: "webhook.drain",
  schema: z.object({}).default({}),
  cron: () => setting("WEBHOOK_SWEEP_CRON"),
  queue: { retryLimit: 3, retryDelay: 5, expireInSeconds: 15 * 60 },
  concurrency: 1,
  connections: 0,
});

/** Sends due webhook deliveries: queued at the time of a delivery's next retry, and by "redeliver". */
export const webhookDeliverJob = defineJob({
  name: "webhook.deliver",
  schema: z.object({}).default({}),
  queue: { retryLimit: 3, retryDelay: 5, expireInSeconds: 15 * 60 },
  concurrency: 1,
  connections: 0,
});

/**
 * Turns new batch events into notifications for their creators (and their e-mails), then sends the
 * e-mails due. Queued in the transaction that ends a batch and on NOTIFICATION_SWEEP_CRON, which also
 * picks up whatever a killed worker left; safe to run in several workers at once.
 */
export const notificationDrainJob = defineJob({
  name: "notification.drain",
  schema: z.object({}).default({}),
  cron: () => setting("NOTIFICATION_SWEEP_CRON"),
  queue: { retryLimit: 3, retryDelay: 5, expireInSeconds: 15 * 60 },
  concurrency: 1,
  connections: 0,
});

/** Sends due e-mails from the outbox: queued with each e-mail, and at the time of the soonest retry. */
export const emailSendJob = defineJob({
  name: "email.send",
  schema: z.object({}).default({}),
  queue: { retryLimit: 3, retryDelay: 5, expireInSeconds: 15 * 60 },
  concurrency: 1,
  connections: 0,
});

/**
 * Turns due schedule ticks into runs (server/schedules/tick.ts). pg-boss's scheduler sends it once a
 * minute whichever workers are up (one job per minute across machines); what is due is read from
 * the schedules' `next_run_at`, so a tick that came due while no worker ran is still run, once.
 */
export const scheduleTickJob = defineJob({
  name: "schedule.tick",
  schema: z.object({}).default({}),
  cron: () => "* * * * *",
  queue: { retryLimit: 2, retryDelay: 5, expireInSeconds: 5 * 60 },
  concurrency: 1,
  connections: 0,
});

/** One schedule run: dry run, guard, commit or hold (server/schedules/run.ts); safe to retry after a crash. */
export const scheduleRunJob = defineJob({
  name: "schedule.run",
  schema: z.object({ runId: z.uuid() }),
  queue: { retryLimit: 3, retryDelay: 10, retryBackoff: true, heartbeatSeconds: 10, expireInSeconds: 60 * 60 },
  concurrency: 1,
  connections: 0,
});

/** Lapses requests for approval and unused approvals past APPROVAL_TTL_HOURS (server/approvals/requests.ts). */
export const approvalExpireJob = defineJob({
  name: "approval.expire",
  schema: z.object({}).default({}),
  cron: () => "*/5 * * * *",
  queue: { retryLimit: 2, retryDelay: 30, expireInSeconds: 5 * 60 },
  concurrency: 1,
  connections: 0,
});

/** Removes finished batches' per-row data past BATCH_DATA_RETENTION_DAYS (server/batches/purge.ts), on RETENTION_CRON. */
export const retentionJob = defineJob({
  name: "batch.retention",
  schema: z.object({}).default({}),
  cron: () => setting("RETENTION_CRON"),
  queue: { retryLimit: 2, retryDelay: 300, expireInSeconds: 6 * 3600 },
  concurrency: 1,
  connections: 0,
});

/** Every queue, for the dashboard's and health check's counts. */
export const JOBS = [
  workerProbeJob,
  batchRunJob,
  exportRunJob,
  mediaFetchJob,
  storageCleanupJob,
  webhookDrainJob,
  webhookDeliverJob,
  notificationDrainJob,
  emailSendJob,
  scheduleTickJob,
  scheduleRunJob,
  approvalExpireJob,
  retentionJob,
] as const;
