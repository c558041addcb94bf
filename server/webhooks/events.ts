// Which batch events a webhook can subscribe to, and the body (seed 003's payload format) each is
// delivered with. `schedule_skipped` (a schedule run skipped for overlap or held at its preview) is
// drained from schedule runs (schedule-events.ts); `awaiting_approval` is a batch sent for approval
// (server/approvals/), from the batch outbox like the ends.

export const WEBHOOK_EVENTS = [
  "job_completed",
  "job_completed_with_errors",
  "job_failed",
  "job_cancelled",
  "export_ready",
  "awaiting_approval",
  "schedule_skipped",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The outbox event as the drain reads it, with its batch's times. */
export type OutboxEvent = {
  id: string;
  batchId: string;
  kind: string;
  toState: string;
  counts: Record<string, number>;
  at: Date;
  startedAt: Date | null;
  createdAt: Date;
};

/** The webhook event an outbox event is, if any: a batch's end, or its wait for approval (a discarded preview never ran). */
export function webhookEventOf(e: Pick<OutboxEvent, "kind" | "toState">): WebhookEvent | null {
  switch (e.toState) {
    case "completed":
      return e.kind === "export" ? "export_ready" : "job_completed";
    case "completed_with_errors":
      return "job_completed_with_errors";
    case "failed":
      return "job_failed";
    case "cancelled":
      return "job_cancelled";
    case "awaiting_approval":
      return "awaiting_approval";
    default:
      return null;
  }
}

/** The webhook-id of an outbox event: the same on every attempt and redelivery, for de-duplication. */
export const eventIdOf = (outboxId: string) => `msg_batch_event_${outboxId}`;

/** "45s", "30m", "2h 5m": seed 003's duration. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m`;
  return m % 60 === 0 ? `${Math.floor(m / 60)}h` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

export type WebhookPayload = {
  type: "batch_event";
  timestamp: string;
  event: {
    type: WebhookEvent;
    job_id: string;
    details: { total_operations: number; succeeded: number; failed: number; duration: string; state: string; kind: string };
  };
};

/** Seed 003's payload: rows that changed or needed no change succeeded; invalid, conflicting and failed rows failed. */
export function payloadOf(e: OutboxEvent, type: WebhookEvent): WebhookPayload {
  const c = (k: string) => Number(e.counts[k] ?? 0);
  return {
    type: "batch_event",
    timestamp: e.at.toISOString(),
    event: {
      type,
      job_id: e.batchId,
      details: {
        total_operations: c("total"),
        succeeded: c("succeeded") + c("unchanged"),
        failed: c("failed") + c("invalid") + c("conflicts"),
        duration: formatDuration(e.at.getTime() - (e.startedAt ?? e.createdAt).getTime()),
        state: e.toState,
        kind: e.kind,
      },
    },
  };
}

/**
 * The body as sent: keys in seed 003's order (jsonb keeps its own), so a receiver sees
 * `type, timestamp, event` and the signature covers exactly these bytes.
 */
export function bodyOf(p: { type: string; timestamp: string; event: { type: string; job_id: string; details: unknown } }): string {
  const { type, job_id, details, ...rest } = p.event;
  return JSON.stringify({ type: p.type, timestamp: p.timestamp, event: { type, job_id, details, ...rest } });
}
