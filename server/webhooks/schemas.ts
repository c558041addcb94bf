import { z } from "zod";
import { WEBHOOK_EVENTS } from "./events";

const url = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), "Enter an http(s) URL.");
const events = z.array(z.enum(WEBHOOK_EVENTS)).min(1, "Pick at least one event.").transform((e) => [...new Set(e)]);

export const createWebhookSchema = z.strictObject({
  url,
  events,
  description: z.string().trim().max(200).default(""),
  /** Hear every user's batches (admins only); otherwise only the caller's own. */
  global: z.boolean().default(false),
});
export type CreateWebhookInput = z.output<typeof createWebhookSchema>;

export const webhookRefSchema = z.strictObject({ endpointId: z.uuid() });

export const updateWebhookSchema = webhookRefSchema.extend({
  url: url.optional(),
  events: events.optional(),
  description: z.string().trim().max(200).optional(),
  /** Enabling again also forgets the failures that disabled it. */
  enabled: z.boolean().optional(),
});
export type UpdateWebhookInput = z.output<typeof updateWebhookSchema>;

export const deliveriesQuerySchema = webhookRefSchema.extend({ limit: z.number().int().min(1).max(200).default(50) });

export const redeliverSchema = webhookRefSchema.extend({ deliveryId: z.string().max(18).regex(/^\d{1,18}$/, "Not a delivery id.") });
