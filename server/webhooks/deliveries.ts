import type { Actor } from "../auth/actor";
import { pool } from "../db";
import { webhookDeliverJob } from "../jobs/definitions";
import { AppError } from "../errors";
import { withTransaction } from "../sql/tx";
import { manageableWebhook } from "./endpoints";

export type WebhookDelivery = {
  id: string;
  eventId: string;
  eventType: string;
  batchId: string | null;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  latencyMs: number | null;
  responseSnippet: string | null;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
};

const COLUMNS = `d.id::text AS id, d.event_id AS "eventId", d.event_type AS "eventType", d.payload->'event'->>'job_id' AS "batchId", d.state,
  d.attempts, d.next_attempt_at AS "nextAttemptAt", d.last_status AS "lastStatus", d.latency_ms AS "latencyMs",
  d.response_snippet AS "responseSnippet", d.created_at AS "createdAt", d.updated_at AS "updatedAt", d.delivered_at AS "deliveredAt"`;

/** An endpoint's delivery log, newest first. */
export async function listDeliveries(actor: Actor, endpointId: string, limit: number): Promise<WebhookDelivery[]> {
  await manageableWebhook(actor, endpointId);
  const { rows } = await pool().query<WebhookDelivery>(`SELECT ${COLUMNS} FROM webhook_deliveries d WHERE d.endpoint_id = $1 ORDER BY d.id DESC LIMIT $2`, [endpointId, limit]);
  return rows;
}

/**
 * Sends a delivery again from its first attempt, with the same webhook-id (a receiver that already
 * has it can tell). The endpoint must be enabled: a disabled one gets nothing until it is enabled.
 */
export async function redeliver(actor: Actor, endpointId: string, deliveryId: string): Promise<WebhookDelivery> {
  return withTransaction(async (client) => {
    const ep = await manageableWebhook(actor, endpointId, client);
    if (!ep.enabled) throw new AppError("CONFLICT", "This webhook is disabled; enable it before redelivering.");
    const { rows } = await client.query<WebhookDelivery>(
      `UPDATE webhook_deliveries d SET state = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
       WHERE d.id = $1::bigint AND d.endpoint_id = $2 RETURNING ${COLUMNS}`,
      [deliveryId, endpointId],
    );
    if (!rows[0]) throw new AppError("NOT_FOUND", "No such delivery.");
    // Queued with the reset, so the resend happens exactly when the reset commits.
    await webhookDeliverJob.insert(client, [{}]);
    return rows[0];
  });
}
