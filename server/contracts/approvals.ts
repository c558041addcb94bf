import { z } from "zod";
import { NAME_MAX, nameSchema, text } from "./text";

// Approval rules and requests (issue 13): which previewed batches need someone else's approval
// before they may be committed, and the request, votes and decision on one batch.

/** The roles a rule may name (auth/roles.ts's, repeated: contracts import nothing outside themselves). */
const ROLES = ["admin", "operator", "viewer"] as const;

export const ROW_OPERATION_TYPES = ["update", "updatePerRow", "statusChange", "softDelete", "hardDelete", "archive", "restore", "create", "upsert", "deleteByKey", "updateByKey"] as const;

const ruleFields = {
  name: text(NAME_MAX).trim().min(1, "A rule needs a name."),
  description: text(2_000).default(""),
  enabled: z.boolean().default(true),
  /** Null or left out: every resource. */
  resource: nameSchema.min(1).nullable().default(null),
  operation: z.enum(ROW_OPERATION_TYPES).nullable().default(null),
  /** A status change to this status. */
  toStatus: nameSchema.min(1).nullable().default(null),
  /** More rows than this would change. */
  minRows: z.number().int().min(0).max(100_000_000).nullable().default(null),
  /** The requester's role (the one the batch was planned with); empty: any. */
  requesterRoles: z.array(z.enum(ROLES)).max(3).default([]),
  sensitiveFields: z.boolean().default(false),
  approvalsNeeded: z.number().int().min(1).max(2).default(1),
};

export const approvalRuleBodySchema = z.strictObject(ruleFields).superRefine((r, ctx) => {
  if (r.toStatus && r.operation && r.operation !== "statusChange") ctx.addIssue({ code: "custom", path: ["toStatus"], message: 'A status to change to goes with the operation "statusChange" (or any operation).' });
});
export type ApprovalRuleBody = z.input<typeof approvalRuleBodySchema>;
export type ApprovalRuleDefinition = z.output<typeof approvalRuleBodySchema>;

const ruleId = z.uuid();
export const byRuleIdSchema = z.strictObject({ ruleId });
export const approvalRuleUpdateSchema = z.strictObject({
  ruleId,
  name: ruleFields.name.optional(),
  description: text(2_000).optional(),
  enabled: z.boolean().optional(),
  resource: nameSchema.min(1).nullable().optional(),
  operation: z.enum(ROW_OPERATION_TYPES).nullable().optional(),
  toStatus: nameSchema.min(1).nullable().optional(),
  minRows: z.number().int().min(0).max(100_000_000).nullable().optional(),
  requesterRoles: z.array(z.enum(ROLES)).max(3).optional(),
  sensitiveFields: z.boolean().optional(),
  approvalsNeeded: z.number().int().min(1).max(2).optional(),
});

export const requestApprovalSchema = z.strictObject({
  batchId: z.uuid(),
  /** Why, for the approvers. */
  message: text(2_000).trim().default(""),
  /** Commit on the requester's behalf as soon as it is approved. */
  autoCommit: z.boolean().default(false),
});

export const APPROVAL_DECISIONS = ["approve", "reject"] as const;
export const decideApprovalSchema = z.strictObject({
  batchId: z.uuid(),
  decision: z.enum(APPROVAL_DECISIONS),
  comment: text(2_000).trim().default(""),
});

export const APPROVAL_STATES = ["pending", "approved", "rejected", "expired", "withdrawn"] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];
export const approvalListSchema = z
  .strictObject({
    /** "toDecide": pending requests the caller may decide; "mine": the caller's requests. */
    view: z.enum(["toDecide", "mine", "all"]).default("toDecide"),
    state: z.enum(APPROVAL_STATES).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .default({ view: "toDecide", limit: 50 });
