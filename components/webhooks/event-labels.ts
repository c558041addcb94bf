import type { WebhookEvent } from "@/server/webhooks/events";

/** How the console names each event; the last two are accepted but not sent yet. */
export const EVENT_LABELS: Record<WebhookEvent, { label: string; later?: true }> = {
  job_completed: { label: "Batch completed" },
  job_completed_with_errors: { label: "Completed with errors" },
  job_failed: { label: "Batch failed" },
  job_cancelled: { label: "Batch cancelled" },
  export_ready: { label: "Export ready" },
  awaiting_approval: { label: "Awaiting approval", later: true },
  schedule_skipped: { label: "Schedule run skipped", later: true },
};
