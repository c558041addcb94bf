import { approvalListSchema, approvalRuleBodySchema, approvalRuleUpdateSchema, byRuleIdSchema, decideApprovalSchema, requestApprovalSchema } from "../../contracts/approvals";
import { byBatchIdSchema } from "../../contracts/queries";
import { listApprovals } from "../../approvals/list";
import { approvalView, decideApproval, requestApproval } from "../../approvals/requests";
import { createApprovalRule, deleteApprovalRule, listApprovalRules, updateApprovalRule } from "../../approvals/rules";
import { adminProcedure, operatorProcedure, protectedProcedure, router } from "../init";

export const approvalsRouter = router({
  /** Every approval rule (anyone may read why a batch needs approval). */
  rules: protectedProcedure.query(() => listApprovalRules()),
  createRule: adminProcedure.input(approvalRuleBodySchema).mutation(({ ctx, input }) => createApprovalRule(ctx.actor, input)),
  updateRule: adminProcedure.input(approvalRuleUpdateSchema).mutation(({ ctx, input }) => updateApprovalRule(ctx.actor, input)),
  deleteRule: adminProcedure.input(byRuleIdSchema).mutation(({ ctx, input }) => deleteApprovalRule(ctx.actor, input.ruleId)),
  /** Requests to decide (or the caller's own), newest first. */
  list: protectedProcedure.input(approvalListSchema).query(({ ctx, input }) => listApprovals(ctx.actor, input)),
  /** One batch's approval: the rules it matches, its request and votes, and whether the caller may decide. */
  get: protectedProcedure.input(byBatchIdSchema).query(({ ctx, input }) => approvalView(ctx.actor, input.batchId)),
  request: operatorProcedure.input(requestApprovalSchema).mutation(({ ctx, input }) => requestApproval(ctx.actor, input)),
  decide: operatorProcedure.input(decideApprovalSchema).mutation(({ ctx, input }) => decideApproval(ctx.actor, input)),
});
