import type { z } from "zod";
import type { Actor } from "../auth/actor";
import { roleSchema } from "../auth/roles";
import type { approvalListSchema, ApprovalState } from "../contracts/approvals";
import { pool } from "../db";
import { mayApprove } from "./requests";

export type ApprovalListItem = {
  batchId: string;
  resource: string;
  operation: string;
  willChange: number;
  invalid: number;
  batchState: string;
  state: ApprovalState;
  message: string;
  approvalsNeeded: number;
  approvals: number;
  requestedBy: { id: string; name: string; email: string };
  requestedAt: string;
  expiresAt: string;
  rules: { id: string; name: string }[];
  mayDecide: boolean;
};

/**
 * Requests for approval, newest first: `toDecide` those pending that the caller may decide (and has
 * not voted on), `mine` the caller's own, `all` every one the caller may see (admins: all).
 */
export async function listApprovals(actor: Actor, input: z.output<typeof approvalListSchema>): Promise<ApprovalListItem[]> {
  const { rows } = await pool().query<{
    batch_id: string;
    resource: string;
    op: string;
    will_change: number;
    invalid_planned: number;
    batch_state: string;
    created_by_id: string;
    kind: string;
    planned_role: string | null;
    state: ApprovalState;
    message: string;
    approvals_needed: number;
    approvals: number;
    voted: boolean;
    requested_by_id: string;
    name: string;
    email: string;
    requested_at: Date;
    expires_at: Date;
    rules: { id: string; name: string }[];
  }>(
    `SELECT a.*, b.resource, b.operation->>'type' AS op, b.will_change, b.invalid_planned, b.state AS batch_state, b.created_by_id, b.kind, b.planned_role,
       u.name, u.email,
       (SELECT count(*)::int FROM batch_approval_votes v WHERE v.batch_id = a.batch_id AND v.decision = 'approve') AS approvals,
       EXISTS (SELECT 1 FROM batch_approval_votes v WHERE v.batch_id = a.batch_id AND v.user_id = $1) AS voted
     FROM batch_approvals a JOIN batches b ON b.id = a.batch_id JOIN users u ON u.id = a.requested_by_id
     WHERE ($2 <> 'mine' OR a.requested_by_id = $1)
       AND ($2 <> 'toDecide' OR a.state = 'pending')
       AND ($3::text IS NULL OR a.state = $3)
       AND ($4 OR $2 = 'toDecide' OR b.created_by_id = $1 OR a.requested_by_id = $1)
     ORDER BY a.requested_at DESC LIMIT $5`,
    [actor.id, input.view, input.state ?? null, actor.role === "admin", input.view === "toDecide" ? 500 : input.limit],
  );
  const role = roleSchema.parse(actor.role);
  const items = rows.map((r) => {
    const batch = { createdById: r.created_by_id, kind: r.kind, plannedRole: r.planned_role };
    const mayDecide = r.state === "pending" && r.batch_state === "awaiting_approval" && !r.voted && mayApprove({ id: actor.id, role }, batch, r.requested_by_id);
    return {
      batchId: r.batch_id,
      resource: r.resource,
      operation: r.op,
      willChange: r.will_change,
      invalid: r.invalid_planned,
      batchState: r.batch_state,
      state: r.state,
      message: r.message,
      approvalsNeeded: r.approvals_needed,
      approvals: r.approvals,
      requestedBy: { id: r.requested_by_id, name: r.name, email: r.email },
      requestedAt: r.requested_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
      rules: r.rules.map((x) => ({ id: x.id, name: x.name })),
      mayDecide,
    };
  });
  return input.view === "toDecide" ? items.filter((i) => i.mayDecide).slice(0, input.limit) : items;
}
