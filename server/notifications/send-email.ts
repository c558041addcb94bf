import nodemailer, { type Transporter } from "nodemailer";
import { setting } from "../config";
import { pool } from "../db";

// Sends due e-mails from the outbox. A claim (FOR UPDATE SKIP LOCKED, one short statement) counts
// the attempt and pushes next_attempt_at past the SMTP timeouts: a lease, so other workers skip it
// while it is being sent, and a worker killed mid-send leaves it to be sent again once the lease runs
// out (at-least-once). No transaction is held while talking to the mail server.

const BATCH = 20;
const MAX_RETRY_SECONDS = 6 * 3600;
const CONNECT_TIMEOUT_MS = 15_000;
const SOCKET_TIMEOUT_MS = 30_000;
const LEASE_SECONDS = Math.ceil((CONNECT_TIMEOUT_MS + SOCKET_TIMEOUT_MS) / 1000) + 30;

type Claimed = { id: string; to: string[]; subject: string; text: string; html: string; attempts: number };

let transport: { url: string; t: Transporter } | null = null;
function transporter(url: string): Transporter {
  if (transport?.url !== url) {
    transport?.t.close();
    transport = { url, t: nodemailer.createTransport({ url, connectionTimeout: CONNECT_TIMEOUT_MS, greetingTimeout: CONNECT_TIMEOUT_MS, socketTimeout: SOCKET_TIMEOUT_MS }) };
  }
  return transport.t;
}

async function claim(limit: number): Promise<Claimed[]> {
  const { rows } = await pool().query<Claimed>(
    `WITH due AS (
       SELECT id FROM email_outbox WHERE state = 'pending' AND next_attempt_at <= now()
       ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
     UPDATE email_outbox o SET attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
     FROM due WHERE o.id = due.id
     RETURNING o.id::text AS id, o.to_addresses AS "to", o.subject, o.text, o.html, o.attempts`,
    [limit, LEASE_SECONDS],
  );
  return rows;
}

/** Exponential backoff: base, 2×base, 4×base, … after the 1st, 2nd, 3rd failed attempt, at most 6 hours. */
export function emailRetryDelaySeconds(failedAttempts: number): number {
  return Math.min(MAX_RETRY_SECONDS, setting("EMAIL_RETRY_BASE_SECONDS") * 2 ** Math.max(0, failedAttempts - 1));
}

async function record(m: Claimed, error: string | null): Promise<number | null> {
  if (error === null) {
    await pool().query("UPDATE email_outbox SET state = 'sent', sent_at = now(), last_error = NULL WHERE id = $1", [m.id]);
    return null;
  }
  const giveUp = m.attempts >= setting("EMAIL_MAX_ATTEMPTS");
  const retryIn = giveUp ? null : emailRetryDelaySeconds(m.attempts);
  await pool().query(
    `UPDATE email_outbox SET state = $2, last_error = $3,
       next_attempt_at = CASE WHEN $4::float8 IS NULL THEN next_attempt_at ELSE now() + make_interval(secs => $4::float8) END
     WHERE id = $1`,
    [m.id, giveUp ? "failed" : "pending", error.slice(0, 1000), retryIn],
  );
  return retryIn;
}

export type SendResult = { attempted: number; sent: number; failed: number; retryInSeconds: number | null };

/**
 * Sends every due e-mail until none is due; `retryInSeconds` is the soonest retry it scheduled, for
 * the caller to queue a job at (the sweep catches any it misses). Without SMTP_URL it sends nothing.
 */
export async function sendDueEmails(): Promise<SendResult> {
  const result: SendResult = { attempted: 0, sent: 0, failed: 0, retryInSeconds: null };
  const url = setting("SMTP_URL");
  if (!url) return result;
  const from = setting("MAIL_FROM");
  for (;;) {
    const claimed = await claim(BATCH);
    if (claimed.length === 0) return result;
    for (const m of claimed) {
      const error = await transporter(url)
        .sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html })
        .then(() => null, (err: unknown) => (err instanceof Error ? err.message : String(err)));
      const retryIn = await record(m, error);
      result.attempted++;
      if (error === null) result.sent++;
      else result.failed++;
      if (retryIn !== null) result.retryInSeconds = Math.min(result.retryInSeconds ?? Infinity, retryIn);
    }
  }
}
