import { z } from "zod";

// What the console and e-mail tell a user about, shared by the server (server/notifications/) and the
// console (the bell, the Account page's e-mail choices).

export const NOTIFICATION_KINDS = [
  "batch_completed",
  "batch_completed_with_errors",
  "batch_failed",
  "batch_cancelled",
  "export_ready",
  "webhook_disabled",
  "schedule_held",
  "schedule_skipped",
  "schedule_stopped",
  "approval_requested",
  "approval_decided",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** How each kind is named on the Account page. */
export const NOTIFICATION_KIND_LABEL: Record<NotificationKind, string> = {
  batch_completed: "A batch of yours completed",
  batch_completed_with_errors: "A batch of yours completed with errors",
  batch_failed: "A batch of yours failed",
  batch_cancelled: "A batch of yours was cancelled by someone else",
  export_ready: "An export of yours is ready",
  webhook_disabled: "A webhook was disabled after repeated failures",
  schedule_held: "A schedule's run stopped at its preview (guard)",
  schedule_skipped: "A schedule's run was skipped (the previous one was still running)",
  schedule_stopped: "A schedule stopped (its owner was disabled)",
  approval_requested: "A batch waits for your approval",
  approval_decided: "Your request for approval was decided",
};

/** By e-mail unless the user chose otherwise: what needs someone to act. Every kind shows in the console. */
export const DEFAULT_EMAIL_KINDS: readonly NotificationKind[] = ["batch_completed_with_errors", "batch_failed", "webhook_disabled", "schedule_held", "schedule_stopped", "approval_requested"];

export const notificationListSchema = z.strictObject({ limit: z.number().int().min(1).max(50).default(20) }).optional();

export const notificationRefSchema = z.strictObject({ notificationId: z.string().max(18).regex(/^\d{1,18}$/, "Not a notification id.") });

export const notificationPreferencesSchema = z.strictObject({
  emailKinds: z
    .array(z.enum(NOTIFICATION_KINDS))
    .max(NOTIFICATION_KINDS.length * 2)
    .transform((k) => [...new Set(k)]),
});
export type NotificationPreferencesInput = z.output<typeof notificationPreferencesSchema>;
