import type pg from "pg";
import { setting } from "../config";
import { emailSendJob } from "../jobs/definitions";

export type EmailMessage = { to: readonly string[]; subject: string; text: string; html: string };

/** Whether e-mail is on at all: without SMTP_URL nothing is queued, so nothing piles up unsent. */
export const emailEnabled = () => setting("SMTP_URL") !== undefined;

/**
 * Queues e-mails in the caller's transaction, with a job to send them, so they exist exactly when
 * what they tell of commits; a worker sends them (at-least-once, retried with backoff). Does nothing
 * without SMTP_URL. Returns how many were queued.
 */
export async function queueEmails(client: pg.PoolClient, messages: readonly EmailMessage[]): Promise<number> {
  const real = messages.filter((m) => m.to.length > 0);
  if (!emailEnabled() || real.length === 0) return 0;
  await client.query(
    `INSERT INTO email_outbox (to_addresses, subject, text, html)
     SELECT string_to_array(t, E'\\n'), s, x, h FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS m(t, s, x, h)`,
    [real.map((m) => m.to.join("\n")), real.map((m) => m.subject), real.map((m) => m.text), real.map((m) => m.html)],
  );
  await emailSendJob.insert(client, [{}]);
  return real.length;
}

/** Queues one e-mail (seed 003's explicit `notification.on_completion.email[]` addresses, say); false without SMTP_URL. */
export async function queueEmail(client: pg.PoolClient, message: EmailMessage): Promise<boolean> {
  return (await queueEmails(client, [message])) > 0;
}
