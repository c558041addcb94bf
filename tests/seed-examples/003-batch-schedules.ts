// Seed 003's "Schedule Batch Job" request (/work/shared/seeds/003_*.txt) as printed, and its 409
// "Schedule Error" body. Its template id and parameters (status, crop_type) name the seed's own
// template; SCHEDULE_BODY(templateId, parameters) is the same body for one of ours.

export const SCHEDULE = {
  schedule: {
    name: "Daily Field Updates",
    description: "Update field status based on sensor data",
    batch: { template_id: "template12345", parameters: { status: "active", crop_type: "rice" } },
    timing: { frequency: "daily", time: "00:00", timezone: "Asia/Tokyo" },
    notification: {
      on_completion: { email: ["manager@example.com"], webhook: "https://example.com/webhook" },
      on_failure: { email: ["admin@example.com"], severity: "high" },
    },
  },
};

/** The printed body with `batch` naming one of our templates. */
export const SCHEDULE_BODY = (templateId: string, parameters: Record<string, unknown>) => ({ schedule: { ...SCHEDULE.schedule, batch: { template_id: templateId, parameters } } });

export const SCHEDULE_CONFLICT = {
  error: { code: "SCHEDULE_CONFLICT", message: "Schedule conflict detected", details: [{ time: "2025-01-19T00:00:00Z", conflict_with: "batch67890" }] },
};
