// The request and response bodies printed in seed 003 (/work/shared/seeds/003_*.txt, "Batch
// Operations" and "Error Responses"), as written there. The seed's resource ("fields", with
// irrigation settings) is not one of ours: ADAPTED_JOB is the same body on letters (draft,
// anonymous letters of one sender), its nested schedule object replaced by a field of letters.

export const CREATE_JOB = {
  batch: {
    type: "field_update",
    description: "Update irrigation schedules for all active fields",
    operations: [
      {
        type: "update",
        resource: "fields",
        filter: { status: "active", irrigation_enabled: true },
        update: { irrigation_schedule: { frequency: "daily", start_time: "06:00", duration_minutes: 30 } },
      },
    ],
    options: {
      parallel: true,
      max_concurrent: 5,
      retry: { attempts: 3, backoff: "exponential" },
      validation: { mode: "strict", on_error: "skip" },
    },
  },
};

/** CREATE_JOB on our letters: `filter` by status, a boolean and a snake_case field name, `update` one field. */
export const ADAPTED_JOB = (sender: string, options: Record<string, unknown> = CREATE_JOB.batch.options) => ({
  batch: {
    ...CREATE_JOB.batch,
    description: "Update titles of all anonymous draft letters",
    operations: [{ type: "update", resource: "letters", filter: { status: "draft", anonymous: true, sender_name: sender }, update: { title: "Daily schedule" } }],
    options,
  },
});

export const CREATE_RESPONSE = {
  data: {
    job_id: "batch12345",
    status: "queued",
    created_at: "2025-01-19T00:52:03Z",
    estimated_completion: "2025-01-19T01:22:03Z",
    progress: { total_operations: 1000, completed: 0, failed: 0, percentage: 0 },
  },
};

export const STATUS_RESPONSE = {
  data: {
    job_id: "batch12345",
    status: "running",
    created_at: "2025-01-19T00:52:03Z",
    started_at: "2025-01-19T00:52:05Z",
    progress: {
      total_operations: 1000,
      completed: 400,
      failed: 5,
      percentage: 40,
      current_operation: { index: 401, type: "update", resource_id: "field789", started_at: "2025-01-19T01:00:00Z" },
    },
    statistics: { success_rate: 98.8, average_operation_time: "1.2s", estimated_remaining_time: "20m" },
    errors: [
      {
        operation_index: 123,
        resource_id: "field456",
        error: { code: "VALIDATION_ERROR", message: "Invalid irrigation duration" },
        attempts: 3,
        status: "failed",
      },
    ],
  },
};

export const CREATION_ERROR = {
  error: {
    code: "INVALID_BATCH",
    message: "Invalid batch job configuration",
    details: [{ field: "operations", code: "INVALID_OPERATION", message: "Unknown operation type: process" }],
  },
};
