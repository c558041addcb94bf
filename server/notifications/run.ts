import type { Logger } from "pino";
import { emailSendJob } from "../jobs/definitions";
import { drainNotifications } from "./drain";
import { sendDueEmails, type SendResult } from "./send-email";

// What the worker's notification jobs do; the jobs themselves are in jobs/definitions.ts.

async function sendAndSchedule(logger: Logger): Promise<SendResult> {
  const r = await sendDueEmails();
  // One job for the soonest retry keeps retries prompt without a job per e-mail.
  if (r.retryInSeconds !== null) await emailSendJob.send({}, { startAfter: Math.max(1, Math.ceil(r.retryInSeconds)) });
  if (r.attempted) logger.info(r, "notification e-mails attempted");
  return r;
}

/** The drain job: new batch events into notifications (and their e-mails), then the e-mails due. */
export async function runNotificationDrain(logger: Logger): Promise<void> {
  const drained = await drainNotifications();
  if (drained.notifications) logger.info(drained, "batch events drained into notifications");
  await sendAndSchedule(logger);
}

/** The e-mail job: sends what is due now. */
export async function runEmailSend(logger: Logger): Promise<void> {
  await sendAndSchedule(logger);
}
