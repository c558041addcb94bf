import crypto from "node:crypto";
import type pg from "pg";
import { audit } from "../audit/audit";
import type { Actor } from "../auth/actor";
import { isUuid } from "../contracts/ids";
import { pool } from "../db";
import { AppError } from "../errors";
import { withTransaction } from "../sql/tx";
import type { WebhookEvent } from "./events";
import type { CreateWebhookInput, UpdateWebhookInput } from "./schemas";
import { newWebhookSecret } from "./secret";

// Webhook endpoints: a user's own (events of their batches) or, made by an admin, global ones (every
// batch). Users manage their own; admins manage all. Someone else's endpoint is answered like one
// that does not exist. The secret is shown once, when the endpoint is made.

export type WebhookEndpoint = {
  id: string;
  url: string;
  description: string;
  events: WebhookEvent[];
  global: boolean;
  enabled: boolean;
  consecutiveFailures: number;
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  owner: { id: string; email: string; name: string } | null;
};

const SELECT = `SELECT w.id, w.url, w.description, w.events, w.owner_id IS NULL AS global, w.enabled,
    w.consecutive_failures AS "consecutiveFailures", w.disabled_at AS "disabledAt", w.disabled_reason AS "disabledReason",
    w.created_at AS "createdAt", w.updated_at AS "updatedAt",
    CASE WHEN u.id IS NULL THEN NULL ELSE jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name) END AS owner
  FROM webhook_endpoints w LEFT JOIN users u ON u.id = w.owner_id`;

const notFound = () => new AppError("NOT_FOUND", "No such webhook.");

/** Global endpoints hear every user's batches: admins only, and through a token only with the admin scope. */
function assertMayManageGlobal(actor: Actor): void {
  if (actor.role !== "admin") throw new AppError("FORBIDDEN", "Only admins can manage global webhooks.");
  if (actor.kind === "token" && !actor.scopes.includes("admin")) throw new AppError("FORBIDDEN", "Global webhooks need a token with the admin scope.");
}

/** The caller's endpoints; for admins every endpoint (global ones first). */
export async function listWebhooks(actor: Actor): Promise<WebhookEndpoint[]> {
  const admin = actor.role === "admin";
  const { rows } = await pool().query<WebhookEndpoint>(
    `${SELECT} WHERE $1 OR w.owner_id = $2 ORDER BY (w.owner_id IS NULL) DESC, w.created_at DESC, w.id`,
    [admin, actor.id],
  );
  return rows;
}

/** The endpoint if the actor may manage it (theirs, or any to an admin), locked with `lock`. */
export async function manageableWebhook(actor: Actor, endpointId: string, db: pg.Pool | pg.PoolClient = pool(), lock = false): Promise<WebhookEndpoint> {
  if (!isUuid(endpointId)) throw notFound();
  const { rows } = await db.query<WebhookEndpoint>(
    `${SELECT} WHERE w.id = $1${lock ? " FOR UPDATE OF w" : ""}`,
    [endpointId],
  );
  const row = rows[0];
  if (!row || (actor.role !== "admin" && row.owner?.id !== actor.id)) throw notFound();
  return row;
}

/** `manageableWebhook`, for changing it: a global one also needs what creating one needs. */
async function changeableWebhook(actor: Actor, endpointId: string, client: pg.PoolClient): Promise<WebhookEndpoint> {
  const ep = await manageableWebhook(actor, endpointId, client, true);
  if (ep.global) assertMayManageGlobal(actor);
  return ep;
}

/** Makes an endpoint; its secret is in this answer only. */
export async function createWebhook(actor: Actor, input: CreateWebhookInput): Promise<WebhookEndpoint & { secret: string }> {
  if (input.global) assertMayManageGlobal(actor);
  const secret = newWebhookSecret();
  const id = crypto.randomUUID();
  return withTransaction(async (client) => {
    await client.query(`INSERT INTO webhook_endpoints (id, owner_id, url, description, events, secret) VALUES ($1, $2, $3, $4, $5, $6)`, [
      id,
      input.global ? null : actor.id,
      input.url,
      input.description,
      input.events,
      secret,
    ]);
    await audit({ actor, action: "webhook.create", resource: "webhook_endpoints", details: { endpointId: id, url: input.url, events: input.events, global: input.global } }, client);
    return { ...(await manageableWebhook(actor, id, client)), secret };
  });
}

/** Changes an endpoint's URL, events, description or enabled flag; enabling forgets past failures. */
export async function updateWebhook(actor: Actor, input: UpdateWebhookInput): Promise<WebhookEndpoint> {
  return withTransaction(async (client) => {
    const before = await changeableWebhook(actor, input.endpointId, client);
    const enabling = input.enabled === true && !before.enabled;
    await client.query(
      `UPDATE webhook_endpoints SET url = coalesce($2, url), events = coalesce($3, events), description = coalesce($4, description),
         enabled = coalesce($5, enabled), updated_at = now(),
         consecutive_failures = CASE WHEN $6 THEN 0 ELSE consecutive_failures END,
         disabled_at = CASE WHEN $6 THEN NULL WHEN $5 = false AND enabled THEN now() ELSE disabled_at END,
         disabled_reason = CASE WHEN $6 THEN NULL WHEN $5 = false AND enabled THEN 'Disabled by ' || $7 ELSE disabled_reason END
       WHERE id = $1`,
      [input.endpointId, input.url ?? null, input.events ?? null, input.description ?? null, input.enabled ?? null, enabling, actor.email],
    );
    const changes = Object.fromEntries(Object.entries({ url: input.url, events: input.events, description: input.description, enabled: input.enabled }).filter(([, v]) => v !== undefined));
    await audit({ actor, action: "webhook.update", resource: "webhook_endpoints", details: { endpointId: input.endpointId, changes } }, client);
    return manageableWebhook(actor, input.endpointId, client);
  });
}

/** Deletes an endpoint and its delivery log. */
export async function deleteWebhook(actor: Actor, endpointId: string): Promise<{ deleted: true }> {
  return withTransaction(async (client) => {
    const ep = await changeableWebhook(actor, endpointId, client);
    await client.query("DELETE FROM webhook_endpoints WHERE id = $1", [endpointId]);
    await audit({ actor, action: "webhook.delete", resource: "webhook_endpoints", details: { endpointId, url: ep.url, global: ep.global } }, client);
    return { deleted: true as const };
  });
}
