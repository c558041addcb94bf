import { z } from "zod";
import { APPROVAL_STATES, ROW_OPERATION_TYPES } from "../../contracts/approvals";
import { ROLES } from "../../auth/roles";

// What the approvals operations answer (server/approvals/), for the OpenAPI document and, outside
// production, checked on every answer.

const person = z.strictObject({ id: z.string(), name: z.string(), email: z.string() });

export const approvalRuleOutput = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    enabled: z.boolean(),
    resource: z.string().nullable(),
    operation: z.enum(ROW_OPERATION_TYPES).nullable(),
    toStatus: z.string().nullable(),
    minRows: z.number().int().nullable().meta({ description: "Matches when more rows than this would change." }),
    requesterRoles: z.array(z.enum(ROLES)),
    sensitiveFields: z.boolean(),
    approvalsNeeded: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "ApprovalRule" });
export const approvalRuleListOutput = z.array(approvalRuleOutput);
export const deletedRuleOutput = z.strictObject({ id: z.string() });

const matched = z.strictObject({ rules: z.array(z.strictObject({ id: z.string(), name: z.string(), approvalsNeeded: z.number().int() })), approvalsNeeded: z.number().int() });

export const approvalOutput = z
  .strictObject({
    batchId: z.string(),
    needed: matched.meta({ description: "The rules the batch matches now; approvalsNeeded 0: it needs no approval." }),
    request: z
      .strictObject({
        requestedBy: person,
        message: z.string(),
        state: z.enum(APPROVAL_STATES),
        autoCommit: z.boolean(),
        approvalsNeeded: z.number().int(),
        requestedAt: z.string(),
        decidedAt: z.string().nullable(),
        expiresAt: z.string(),
        votes: z.array(z.strictObject({ user: person, decision: z.string(), comment: z.string(), at: z.string() })),
      })
      .nullable(),
    mayDecide: z.boolean(),
  })
  .meta({ id: "BatchApproval" });

export const approvalListOutput = z.array(
  z.strictObject({
    batchId: z.string(),
    resource: z.string(),
    operation: z.string(),
    willChange: z.number().int(),
    invalid: z.number().int(),
    batchState: z.string(),
    state: z.enum(APPROVAL_STATES),
    message: z.string(),
    approvalsNeeded: z.number().int(),
    approvals: z.number().int(),
    requestedBy: person,
    requestedAt: z.string(),
    expiresAt: z.string(),
    rules: z.array(z.strictObject({ id: z.string(), name: z.string() })),
    mayDecide: z.boolean(),
  }),
);
