import crypto from "node:crypto";
import type pg from "pg";
import { audit } from "../audit/audit";
import type { Actor } from "../auth/actor";
import type { ScheduleNotification } from "../contracts/schedules";
import { newWebhookSecret } from "../webhooks/secret";

// Seed 003's `notification.on_completion.webhook`: a webhook endpoint of the schedule's owner that
// hears that schedule's runs only (webhook_endpoints.schedule_id), delivered like any other (signed,
// retried, its log on the Webhooks page). Kept in step with the schedule in its own transaction.

export const COMPLETION_EVENTS = ["job_completed", "job_completed_with_errors"] as const;

/**
 * Creates, moves or removes the schedule's completion endpoint to match `notification`; returns the
 * new endpoint's signing secret when one was made (shown once, as for any endpoint).
 */
export async function syncCompletionWebhook(
  client: pg.PoolClient,
  actor: Actor,
  schedule: { id: string; name: string; ownerId: string },
  notification: ScheduleNotification,
): Promise<{ endpointId: string; secret: string | null } | null> {
  const url = notification.on_completion?.webhook;
  const { rows } = await client.query<{ id: string; url: string }>("SELECT id, url FROM webhook_endpoints WHERE schedule_id = $1 FOR UPDATE", [schedule.id]);
  const current = rows[0];
  const description = `Schedule "${schedule.name}": on completion`;
  if (!url) {
    if (current) {
      await client.query("DELETE FROM webhook_endpoints WHERE id = $1", [current.id]);
      await audit({ actor, action: "webhook.delete", resource: "webhook_endpoints", details: { endpointId: current.id, scheduleId: schedule.id } }, client);
    }
    return null;
  }
  if (current) {
    await client.query("UPDATE webhook_endpoints SET url = $2, description = $3, updated_at = now() WHERE id = $1", [current.id, url, description]);
    if (current.url !== url) await audit({ actor, action: "webhook.update", resource: "webhook_endpoints", details: { endpointId: current.id, scheduleId: schedule.id, changes: { url } } }, client);
    return { endpointId: current.id, secret: null };
  }
  const id = crypto.randomUUID();
  const secret = newWebhookSecret();
  await client.query("INSERT INTO webhook_endpoints (id, owner_id, url, description, events, secret, schedule_id) VALUES ($1, $2, $3, $4, $5, $6, $7)", [
    id,
    schedule.ownerId,
    url,
    description,
    COMPLETION_EVENTS,
    secret,
    schedule.id,
  ]);
  await audit({ actor, action: "webhook.create", resource: "webhook_endpoints", details: { endpointId: id, url, events: COMPLETION_EVENTS, scheduleId: schedule.id } }, client);
  return { endpointId: id, secret };
}
