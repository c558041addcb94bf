import crypto from "node:crypto";

/** A Standard Webhooks signing secret: `whsec_` and 24 random bytes in base64, as the spec's libraries expect. */
export function newWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(24).toString("base64")}`;
}
