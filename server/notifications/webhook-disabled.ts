import type pg from "pg";
import { notifyUsers } from "./notify";

export type DisabledEndpoint = { endpointId: string; ownerId: string | null; url: string; reason: string; disabledAt: Date };

/**
 * Tells a webhook's owner, or every enabled admin for a global webhook, that it was disabled after
 * repeated failures; in the transaction that disabled it. Each disabling is its own event.
 */
export async function notifyWebhookDisabled(client: pg.PoolClient, ep: DisabledEndpoint): Promise<number> {
  const users = ep.ownerId
    ? [ep.ownerId]
    : (await client.query<{ id: string }>("SELECT id FROM users WHERE role = 'admin' AND NOT banned ORDER BY id")).rows.map((r) => r.id);
  const host = URL.canParse(ep.url) ? new URL(ep.url).host : ep.url;
  return notifyUsers(
    client,
    users.map((userId) => ({
      userId,
      kind: "webhook_disabled",
      title: `Webhook disabled · ${host}${ep.ownerId ? "" : " (global)"}`,
      body: `${ep.reason}\nNothing is sent to ${ep.url} until it is enabled again on the Webhooks page.`,
      link: "/webhooks",
      eventKey: `webhook_disabled:${ep.endpointId}:${ep.disabledAt.getTime()}`,
    })),
  );
}
