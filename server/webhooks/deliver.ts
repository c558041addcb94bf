import { Webhook } from "standardwebhooks";
import { audit } from "../audit/audit";
import { setting } from "../config";
import { pool } from "../db";
import { postGuarded, SourceRefused } from "../media/network";
import { notifyWebhookDisabled } from "../notifications/webhook-disabled";
import { withTransaction } from "../sql/tx";
import { bodyOf, type WebhookPayload } from "./events";
import type { ScheduleEventPayload } from "./schedule-events";

// Sends due deliveries. A claim (FOR UPDATE SKIP LOCKED, one short transaction) counts the attempt
// and pushes next_attempt_at past the request's timeout: a lease, so workers on other machines skip
// it while it is in flight, and a worker killed mid-request leaves it to be sent again once the lease
// runs out (at-least-once; receivers de-duplicate on webhook-id). No transaction is held during the
// request.

/** The start of a receiver's answer kept in the log: enough to see an error page's title, never its bulk. */
export const SNIPPET_BYTES = 1024;
const BATCH = 20;
const MAX_RETRY_SECONDS = 6 * 3600;

type Claimed = { id: string; endpointId: string; eventId: string; payload: WebhookPayload | ScheduleEventPayload; attempts: number; url: string; secret: string };

async function claim(limit: number): Promise<Claimed[]> {
  const leaseSeconds = Math.ceil(setting("WEBHOOK_TIMEOUT_MS") / 1000) + 30;
  const { rows } = await pool().query<Claimed>(
    `WITH due AS (
       SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id
       WHERE d.state = 'pending' AND d.next_attempt_at <= now() AND w.enabled
       ORDER BY d.next_attempt_at, d.id LIMIT $1 FOR UPDATE OF d SKIP LOCKED)
     UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2), updated_at = now()
     FROM due, webhook_endpoints w WHERE d.id = due.id AND w.id = d.endpoint_id
     RETURNING d.id::text AS id, d.endpoint_id AS "endpointId", d.event_id AS "eventId", d.payload, d.attempts, w.url, w.secret`,
    [limit, leaseSeconds],
  );
  return rows;
}

/** Exponential backoff: base, 2×base, 4×base, … after the 1st, 2nd, 3rd failed attempt, at most 6 hours. */
export function retryDelaySeconds(failedAttempts: number): number {
  return Math.min(MAX_RETRY_SECONDS, setting("WEBHOOK_RETRY_BASE_SECONDS") * 2 ** Math.max(0, failedAttempts - 1));
}

type Outcome = { ok: boolean; status: number | null; latencyMs: number; snippet: string };

/** One signed POST (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature). */
async function send(d: Claimed): Promise<Outcome> {
  const body = bodyOf(d.payload);
  const now = new Date();
  const signature = new Webhook(d.secret).sign(d.eventId, now, body);
  const started = performance.now();
  const signal = AbortSignal.timeout(setting("WEBHOOK_TIMEOUT_MS"));
  try {
    const res = await postGuarded(new URL(d.url), {
      body,
      signal,
      maxBytes: SNIPPET_BYTES,
      headers: {
        "content-type": "application/json",
        "user-agent": "Batchdesk-Webhooks/1",
        "webhook-id": d.eventId,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": signature,
      },
    });
    return { ok: res.status >= 200 && res.status < 300, status: res.status, latencyMs: Math.round(performance.now() - started), snippet: res.text };
  } catch (err) {
    const message =
      err instanceof SourceRefused ? err.message : signal.aborted ? `No answer within ${setting("WEBHOOK_TIMEOUT_MS")} ms.` : `Could not connect: ${err instanceof Error ? err.message : String(err)}`;
    return { ok: false, status: null, latencyMs: Math.round(performance.now() - started), snippet: message.slice(0, SNIPPET_BYTES) };
  }
}

/** Records an attempt: the delivery's state and log, the endpoint's failure count, and its disabling. */
async function record(d: Claimed, o: Outcome): Promise<{ retryInSeconds: number | null }> {
  // Control characters would make the log unreadable; the text is only ever shown.
  const snippet = o.snippet.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
  return withTransaction(async (client) => {
    if (o.ok) {
      await client.query(
        `UPDATE webhook_deliveries SET state = 'delivered', delivered_at = now(), last_status = $2, latency_ms = $3, response_snippet = $4, updated_at = now() WHERE id = $1`,
        [d.id, o.status, o.latencyMs, snippet],
      );
      await client.query("UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0", [d.endpointId]);
      return { retryInSeconds: null };
    }
    const giveUp = d.attempts >= setting("WEBHOOK_MAX_ATTEMPTS");
    const retryIn = giveUp ? null : retryDelaySeconds(d.attempts);
    await client.query(
      `UPDATE webhook_deliveries SET state = $2, last_status = $3, latency_ms = $4, response_snippet = $5, updated_at = now(),
         next_attempt_at = CASE WHEN $6::float8 IS NULL THEN next_attempt_at ELSE now() + make_interval(secs => $6::float8) END
       WHERE id = $1`,
      [d.id, giveUp ? "failed" : "pending", o.status, o.latencyMs, snippet, retryIn],
    );
    const limit = setting("WEBHOOK_DISABLE_AFTER_FAILURES");
    const reason = `Disabled after ${limit} consecutive failed deliveries; the last: ${o.status === null ? snippet : `HTTP ${o.status}`}`.slice(0, 500);
    const { rows } = await client.query<{ disabled: boolean; ownerId: string | null; url: string; disabledAt: Date | null }>(
      `UPDATE webhook_endpoints w SET consecutive_failures = w.consecutive_failures + 1,
         enabled = w.enabled AND w.consecutive_failures + 1 < $2,
         disabled_at = CASE WHEN w.enabled AND w.consecutive_failures + 1 >= $2 THEN now() ELSE w.disabled_at END,
         disabled_reason = CASE WHEN w.enabled AND w.consecutive_failures + 1 >= $2 THEN $3 ELSE w.disabled_reason END
       FROM (SELECT enabled FROM webhook_endpoints WHERE id = $1 FOR UPDATE) was
       WHERE w.id = $1 RETURNING (was.enabled AND NOT w.enabled) AS disabled, w.owner_id AS "ownerId", w.url, w.disabled_at AS "disabledAt"`,
      [d.endpointId, limit, reason],
    );
    const ep = rows[0];
    if (ep?.disabled) {
      await audit({ actor: null, action: "webhook.disable", resource: "webhook_endpoints", details: { endpointId: d.endpointId, url: ep.url, reason } }, client);
      await notifyWebhookDisabled(client, { endpointId: d.endpointId, ownerId: ep.ownerId, url: ep.url, reason, disabledAt: ep.disabledAt ?? new Date() });
    }
    return { retryInSeconds: retryIn };
  });
}

export type DeliverResult = { attempted: number; delivered: number; failed: number; retryInSeconds: number | null };

/**
 * Sends every due delivery, a few at a time, until none is due; `retryInSeconds` is the soonest
 * retry it scheduled, for the caller to queue a job at (the sweep cron catches any it misses).
 */
export async function deliverDue(): Promise<DeliverResult> {
  const result: DeliverResult = { attempted: 0, delivered: 0, failed: 0, retryInSeconds: null };
  for (;;) {
    const claimed = await claim(BATCH);
    if (claimed.length === 0) return result;
    const outcomes = await Promise.all(claimed.map(async (d) => ({ d, o: await send(d) })));
    for (const { d, o } of outcomes) {
      const { retryInSeconds } = await record(d, o);
      result.attempted++;
      if (o.ok) result.delivered++;
      else result.failed++;
      if (retryInSeconds !== null) result.retryInSeconds = Math.min(result.retryInSeconds ?? Infinity, retryInSeconds);
    }
  }
}
