import { z } from "zod";
import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import type { ErrorEnvelope } from "../http/route";
import { WEBHOOK_EVENTS } from "../webhooks/events";
import { createWebhook, listWebhooks, type WebhookEndpoint } from "../webhooks/endpoints";
import { createWebhookSchema } from "../webhooks/schemas";
import { jobErrorOutput } from "./batch-jobs-output";

// Seed 003's webhook registration (`POST /api/v1/batch/webhooks`) and its list, in the seed's
// snake_case with a `webhook` wrapper like its `batch` and `schedule` bodies. The seed names only
// the path and the payload; the body's fields are ours (the console's, renamed).

export const createWebhookBodySchema = z.object({
  webhook: z.object({
    url: z.string().describe("Where to POST events: http(s)."),
    events: z.array(z.enum(WEBHOOK_EVENTS)).describe("Events to receive."),
    description: z.string().optional(),
    global: z.boolean().optional().describe("Every user's batches (admins, with a token holding the admin scope); otherwise only the caller's."),
  }),
});

const webhookOut = z.object({
  webhook_id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string(),
  global: z.boolean(),
  enabled: z.boolean(),
  consecutive_failures: z.number().int(),
  disabled_reason: z.string().nullable(),
  created_at: z.string(),
});

export const createWebhookOutput = z.object({
  data: webhookOut.extend({ secret: z.string().describe("The Standard Webhooks signing secret (whsec_…): shown in this answer only.") }),
});
export const listWebhooksOutput = z.object({ data: z.object({ webhooks: z.array(webhookOut) }) });
export const webhookErrorOutput = jobErrorOutput;

const out = (w: WebhookEndpoint) => ({
  webhook_id: w.id,
  url: w.url,
  events: w.events,
  description: w.description,
  global: w.global,
  enabled: w.enabled,
  consecutive_failures: w.consecutiveFailures,
  disabled_reason: w.disabledReason,
  created_at: w.createdAt.toISOString(),
});

/** Registers a webhook from the seed's body; bad input is 400 INVALID_WEBHOOK with the fields at fault. */
export async function createSeedWebhook(actor: Actor, body: unknown) {
  // The console's schema on the wrapper's contents, so every field at fault is listed at once.
  const inner = typeof body === "object" && body !== null && "webhook" in body ? body.webhook : undefined;
  if (typeof inner !== "object" || inner === null) {
    throw new AppError("BAD_REQUEST", "Invalid webhook", { problems: [{ field: "webhook", code: "INVALID_FIELD", message: "The body is {\"webhook\": {url, events}}." }] });
  }
  const parsed = createWebhookSchema.safeParse(inner);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ field: ["webhook", ...i.path].join("."), code: "INVALID_FIELD", message: i.message }));
    throw new AppError("BAD_REQUEST", "Invalid webhook", { problems });
  }
  const w = await createWebhook(actor, parsed.data);
  return { data: { ...out(w), secret: w.secret } };
}

export async function listSeedWebhooks(actor: Actor) {
  return { data: { webhooks: (await listWebhooks(actor)).map(out) } };
}

/** Seed 003's error body; a bad webhook is INVALID_WEBHOOK, other statuses keep our code. */
export const webhookError: ErrorEnvelope = ({ status, body }) => {
  const problems = z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).safeParse(body.error.details?.problems);
  const invalid = status === 400;
  const details = problems.success ? problems.data : invalid ? [{ field: "webhook", code: body.error.code, message: body.error.message }] : [];
  return {
    status,
    body: { error: { code: invalid ? "INVALID_WEBHOOK" : body.error.code, message: invalid ? "Invalid webhook" : body.error.message, details, request_id: body.error.requestId ?? null } },
  };
};
