import type { ErrorEnvelope } from "../http/route";

/**
 * Seed 002's failures: `{ success: false, error: { code, … } }` with the seed's code where it has
 * one (FIELD_TYPE_MISMATCH, CONSTRAINT_VIOLATION, DOC_NOT_FOUND, REQUEST_NOT_FOUND, …: the refusal's
 * `details.code`), else ours; `appCode` is always ours, and the status is the one mapping's.
 */
export const bulkUpdateErrors: ErrorEnvelope = ({ status, body }) => {
  const { code, message, details, requestId } = body.error;
  const seedCode = typeof details?.code === "string" ? details.code : code;
  return { status, body: { success: false, error: { code: seedCode, appCode: code, message, ...(details ? { details } : {}), requestId } } };
};
