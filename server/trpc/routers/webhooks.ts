import { listDeliveries, redeliver } from "../../webhooks/deliveries";
import { createWebhook, deleteWebhook, listWebhooks, updateWebhook } from "../../webhooks/endpoints";
import { createWebhookSchema, deliveriesQuerySchema, redeliverSchema, updateWebhookSchema, webhookRefSchema } from "../../webhooks/schemas";
import { protectedProcedure, router } from "../init";

// Webhook endpoints and their delivery logs: a user's own, and for admins every one (global ones too).
export const webhooksRouter = router({
  /** The caller's endpoints (admins: all), without their secrets. */
  list: protectedProcedure.query(({ ctx }) => listWebhooks(ctx.actor)),
  /** Adds an endpoint; its signing secret is in this answer only. */
  create: protectedProcedure.input(createWebhookSchema).mutation(({ ctx, input }) => createWebhook(ctx.actor, input)),
  update: protectedProcedure.input(updateWebhookSchema).mutation(({ ctx, input }) => updateWebhook(ctx.actor, input)),
  delete: protectedProcedure.input(webhookRefSchema).mutation(({ ctx, input }) => deleteWebhook(ctx.actor, input.endpointId)),
  /** An endpoint's delivery log, newest first: state, attempts, status, latency, the answer's start. */
  deliveries: protectedProcedure.input(deliveriesQuerySchema).query(({ ctx, input }) => listDeliveries(ctx.actor, input.endpointId, input.limit)),
  /** Sends a delivery again (same webhook-id) from its first attempt. */
  redeliver: protectedProcedure.input(redeliverSchema).mutation(({ ctx, input }) => redeliver(ctx.actor, input.endpointId, input.deliveryId)),
});
