import type { Logger } from "pino";
import type { z } from "zod";
import { stampProbe } from "../health/probe-job";
import type { JobDefinition } from "../jobs/define";
import {
  approvalExpireJob,
  retentionJob,
  batchRunJob,
  scheduleRunJob,
  scheduleTickJob,
  emailSendJob,
  exportRunJob,
  mediaFetchJob,
  notificationDrainJob,
  storageCleanupJob,
  webhookDeliverJob,
  webhookDrainJob,
  workerProbeJob,
} from "../jobs/definitions";
import { expireApprovals } from "../approvals/requests";
import { applyRetention } from "../batches/retention";
import { runExport } from "../exports/run";
import { runMediaFetch } from "../media/run";
import { runEmailSend, runNotificationDrain } from "../notifications/run";
import { runBatch } from "../row-batches/execute/run";
import { runScheduleRun } from "../schedules/run";
import { tickSchedules } from "../schedules/tick";
import { cleanupFiles } from "../storage/cleanup";
import { runWebhookDeliver, runWebhookDrain } from "../webhooks/run";

export type JobContext = {
  jobId: string;
  retryCount: number;
  /** How many more times pg-boss retries this job after a failure; with none left a handler gives up for good. */
  retriesLeft: number;
  logger: Logger;
  /** Aborted when the worker is shutting down: long handlers stop at their next safe point. */
  signal: AbortSignal;
};

/** A job definition with the code that runs it, in the worker only. */
export type JobHandler<S extends z.ZodType = z.ZodType> = { def: JobDefinition<S>; run: (payload: z.output<S>, ctx: JobContext) => Promise<void> };

const handle = <S extends z.ZodType>(def: JobDefinition<S>, run: JobHandler<S>["run"]): JobHandler => ({ def, run: run as JobHandler["run"] });

/** Every job this worker runs. A new job: its definition in jobs/definitions.ts and one line here. */
export const HANDLERS: JobHandler[] = [
  handle(workerProbeJob, ({ probeId }) => stampProbe(probeId)),
  handle(batchRunJob, ({ batchId }, { logger, signal }) => runBatch(batchId, logger, signal)),
  handle(exportRunJob, ({ batchId }, { logger, signal, retriesLeft }) => runExport(batchId, logger, { shutdown: signal, retriesLeft })),
  handle(mediaFetchJob, ({ batchId }, { logger, signal, retriesLeft }) => runMediaFetch(batchId, logger, { shutdown: signal, retriesLeft })),
  handle(storageCleanupJob, async (_payload, { logger }) => {
    const counts = await cleanupFiles();
    if (counts.expired || counts.abandoned || counts.purged) logger.info(counts, "stored files cleaned up");
  }),
  handle(webhookDrainJob, (_payload, { logger }) => runWebhookDrain(logger)),
  handle(webhookDeliverJob, (_payload, { logger }) => runWebhookDeliver(logger)),
  handle(approvalExpireJob, async (_payload, { logger }) => {
    const lapsed = await expireApprovals();
    if (lapsed) logger.info({ lapsed }, "approval requests lapsed");
  }),
  handle(retentionJob, async (_payload, { logger }) => {
    const counts = await applyRetention();
    if (counts?.batches) logger.info(counts, "batch data past its retention removed");
  }),
  handle(scheduleTickJob, async (_payload, { logger }) => {
    const { runs } = await tickSchedules();
    if (runs.length) logger.info({ runs: runs.length }, "schedule ticks queued");
  }),
  handle(scheduleRunJob, async ({ runId }, { logger }) => {
    const outcome = await runScheduleRun(runId, logger);
    logger.info({ runId, ...outcome }, "schedule run");
  }),
  handle(notificationDrainJob, (_payload, { logger }) => runNotificationDrain(logger)),
  handle(emailSendJob, (_payload, { logger }) => runEmailSend(logger)),
];
