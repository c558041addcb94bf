import type pg from "pg";
import { audit } from "../audit/audit";
import type { Actor } from "../auth/actor";
import { mayControlBatch, planStillAllowed } from "../auth/policy";
import { hasRole, roleSchema } from "../auth/roles";
import { decideApprovalSchema, requestApprovalSchema, type ApprovalState } from "../contracts/approvals";
import { setting } from "../config";
import { commitLocked } from "../batches/commit";
import { lockBatch, visibleBatch } from "../batches/lock";
import { pool } from "../db";
import type { BatchRecord } from "../batches/record";
import { finishBatch, move } from "../batches/transition";
import { AppError } from "../errors";
import { notifyUser, notifyUsers } from "../notifications/notify";
import { withTransaction } from "../sql/tx";
import { queueWebhookDrain } from "../webhooks/queue";
import { matchingRules, type MatchedRules } from "./rules";

// Four-eyes approvals of one batch: the request (previewed → awaiting_approval), each approver's
// vote, and the decision — enough approvals move it back to previewed, approved (and commit it if
// the requester asked), a rejection discards it. The approval holds for this frozen preview only:
// a re-planned batch (retry, edit) is a new batch with no approval, and rows edited since still end
// as conflicts when it runs. Requests and approvals lapse after APPROVAL_TTL_HOURS.

type ApprovalRow = {
  batch_id: string;
  requested_by_id: string;
  message: string;
  rules: MatchedRules["rules"];
  approvals_needed: number;
  auto_commit: boolean;
  state: ApprovalState;
  requested_at: Date;
  decided_at: Date | null;
  expires_at: Date;
};

const ttlMs = () => setting("APPROVAL_TTL_HOURS") * 3600 * 1000;

/** Who may decide on `batch`: not its requester, and someone who could commit it themselves. */
export function mayApprove(actor: Pick<Actor, "id" | "role">, batch: { createdById: string; kind: string; plannedRole: string | null }, requestedById: string): boolean {
  return actor.id !== requestedById && hasRole(actor.role, "operator") && mayControlBatch(actor, batch) && planStillAllowed(actor, batch);
}

/**
 * Asks for approval of a batch the caller has locked, in its transaction: records the request with
 * the rules it matched and moves the batch to awaiting_approval, then notifies those who may decide.
 * For a person's "Request approval", a schedule's run and a sequential job's next step alike.
 */
export async function requestApprovalLocked(client: pg.PoolClient, requester: Actor, batch: BatchRecord, matched: MatchedRules, opts: { message: string; autoCommit: boolean }): Promise<void> {
  const expiresAt = new Date(Date.now() + ttlMs());
  await client.query(
    `INSERT INTO batch_approvals (batch_id, requested_by_id, message, rules, approvals_needed, auto_commit, state, requested_at, decided_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'pending', now(), NULL, $7)
     ON CONFLICT (batch_id) DO UPDATE SET requested_by_id = $2, message = $3, rules = $4, approvals_needed = $5, auto_commit = $6, state = 'pending', requested_at = now(), decided_at = NULL, expires_at = $7`,
    [batch.id, requester.id, opts.message, JSON.stringify(matched.rules), matched.approvalsNeeded, opts.autoCommit, expiresAt],
  );
  // An earlier request of the same batch (one that lapsed) starts over.
  await client.query("DELETE FROM batch_approval_votes WHERE batch_id = $1", [batch.id]);
  await move(client, batch.id, "requestApproval", requester);
  // Webhooks hear it at once (awaiting_approval); the sweep would find the event anyway.
  await queueWebhookDrain(client);
  await audit({ actor: requester, action: "approval.request", resource: batch.resource, batchId: batch.id, details: { message: opts.message, rules: matched.rules, approvalsNeeded: matched.approvalsNeeded, autoCommit: opts.autoCommit } }, client);
  const { rows: approvers } = await client.query<{ id: string; role: string }>("SELECT id, role FROM users WHERE NOT banned AND role IN ('admin', 'operator') AND id <> $1", [requester.id]);
  const may = approvers.filter((u) => {
    const role = roleSchema.safeParse(u.role);
    return role.success && mayApprove({ id: u.id, role: role.data }, batch, requester.id);
  });
  await notifyUsers(
    client,
    may.map((u) => ({
      userId: u.id,
      kind: "approval_requested" as const,
      title: `${requester.name} asks you to approve a batch on ${batch.resource}`,
      body: [opts.message, `Rules: ${matched.rules.map((r) => r.name).join(", ")}.`].filter(Boolean).join("\n"),
      link: `/batches/${batch.id}`,
      batchId: batch.id,
      eventKey: `approval_request:${batch.id}:${expiresAt.getTime()}`,
    })),
  );
}

/** A request closed because its batch was discarded while it waited (the requester withdrew it), in the discard's transaction. */
export async function withdrawApprovalLocked(client: pg.PoolClient, actor: Actor, batchId: string): Promise<void> {
  const { rowCount } = await client.query("UPDATE batch_approvals SET state = 'withdrawn', decided_at = now() WHERE batch_id = $1 AND state = 'pending'", [batchId]);
  if (rowCount) await audit({ actor, action: "approval.withdraw", batchId, details: {} }, client);
}

/** "Request approval" on a previewed batch that needs it. */
export async function requestApproval(actor: Actor, raw: unknown): Promise<ApprovalView> {
  const input = requestApprovalSchema.parse(raw);
  await withTransaction(async (client) => {
    const batch = await lockBatch(client, actor, input.batchId);
    if (!mayControlBatch(actor, batch)) throw new AppError("FORBIDDEN", `Your role (${actor.role}) may not run batches.`);
    if (batch.state !== "previewed") throw new AppError("CONFLICT", `This batch is ${batch.state.replace(/_/g, " ")}; only a previewed batch can be sent for approval.`);
    const matched = await matchingRules(client, batch.id);
    if (matched.approvalsNeeded === 0) throw new AppError("CONFLICT", "This batch matches no approval rule: commit it directly.");
    await requestApprovalLocked(client, actor, batch, matched, { message: input.message, autoCommit: input.autoCommit });
  });
  return approvalView(actor, input.batchId);
}

/** The requester as the actor an automatic commit after approval acts as (their current role). */
async function requesterActor(client: pg.PoolClient, batchId: string, userId: string): Promise<Actor | null> {
  const { rows } = await client.query<{ id: string; email: string; name: string; role: string; banned: boolean }>("SELECT id, email, name, role, banned FROM users WHERE id = $1", [userId]);
  const u = rows[0];
  const role = roleSchema.safeParse(u?.role);
  if (!u || u.banned || !role.success) return null;
  return { kind: "system", via: `approval:${batchId}`, id: u.id, email: u.email, name: u.name, role: role.data };
}

/** An approver's decision: approve (enough approvals: previewed and approved, committed if asked) or reject (discarded). */
export async function decideApproval(actor: Actor, raw: unknown): Promise<ApprovalView> {
  const input = decideApprovalSchema.parse(raw);
  await withTransaction(async (client) => {
    const batch = await lockBatch(client, actor, input.batchId);
    const { rows } = await client.query<ApprovalRow>("SELECT * FROM batch_approvals WHERE batch_id = $1 FOR UPDATE", [batch.id]);
    const a = rows[0];
    if (!a || a.state !== "pending" || batch.state !== "awaiting_approval") throw new AppError("CONFLICT", "This batch is not waiting for approval.");
    if (a.expires_at.getTime() <= Date.now()) throw new AppError("CONFLICT", "This request for approval has lapsed; the requester may ask again.");
    if (actor.id === a.requested_by_id) throw new AppError("FORBIDDEN", "You cannot decide on your own request: someone else must approve it.");
    if (!mayApprove(actor, batch, a.requested_by_id)) throw new AppError("FORBIDDEN", "Only someone who may run this batch themselves can approve it.");
    const voted = await client.query("INSERT INTO batch_approval_votes (batch_id, user_id, decision, comment) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", [batch.id, actor.id, input.decision, input.comment]);
    if (!voted.rowCount) throw new AppError("CONFLICT", "You have decided on this request already; another approver is needed.");
    await audit({ actor, action: `approval.${input.decision}`, resource: batch.resource, batchId: batch.id, details: { comment: input.comment } }, client);
    const tell = (title: string) =>
      notifyUser(client, { userId: a.requested_by_id, kind: "approval_decided", title, body: input.comment, link: `/batches/${batch.id}`, batchId: batch.id, eventKey: `approval_decided:${batch.id}:${actor.id}` });
    if (input.decision === "reject") {
      await client.query("UPDATE batch_approvals SET state = 'rejected', decided_at = now() WHERE batch_id = $1", [batch.id]);
      await finishBatch(client, batch.id, "discarded", actor, { lastError: `Rejected by ${actor.name}${input.comment ? `: ${input.comment}` : "."}` });
      await tell(`${actor.name} rejected your batch on ${batch.resource}`);
      return;
    }
    const { rows: count } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM batch_approval_votes WHERE batch_id = $1 AND decision = 'approve'", [batch.id]);
    if (count[0]!.n < a.approvals_needed) {
      await tell(`${actor.name} approved your batch on ${batch.resource} (${count[0]!.n} of ${a.approvals_needed})`);
      return;
    }
    // Approved: the approval now waits for its commit, as long again as a request waits.
    await client.query("UPDATE batch_approvals SET state = 'approved', decided_at = now(), expires_at = $2 WHERE batch_id = $1", [batch.id, new Date(Date.now() + ttlMs())]);
    await move(client, batch.id, "approve", actor);
    await tell(`${actor.name} approved your batch on ${batch.resource}${a.auto_commit ? "; it is committed" : ": commit it"}`);
    if (a.auto_commit) {
      const requester = await requesterActor(client, batch.id, a.requested_by_id);
      if (requester) await commitLocked(client, requester, { ...batch, state: "previewed" });
    }
  });
  return approvalView(actor, input.batchId);
}

/** Lapses requests and unused approvals past their time (a worker's sweep): waiting batches are previewed again. */
export async function expireApprovals(): Promise<number> {
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ batch_id: string; state: string }>(
      `UPDATE batch_approvals a SET state = 'expired', decided_at = now() FROM batches b
       WHERE a.batch_id = b.id AND a.state IN ('pending', 'approved') AND a.expires_at <= now()
         AND (a.state = 'pending' OR b.state = 'previewed')
       RETURNING a.batch_id, b.state`,
    );
    for (const r of rows) {
      if (r.state === "awaiting_approval") await move(client, r.batch_id, "expireApproval", { kind: "worker" });
      await audit({ actor: null, action: "approval.expire", batchId: r.batch_id, details: { was: r.state } }, client);
    }
    return rows.length;
  });
}

export type ApprovalView = {
  batchId: string;
  /** The rules the batch matches now, and the approvers it needs (0: it needs none). */
  needed: MatchedRules;
  request: {
    requestedBy: { id: string; name: string; email: string };
    message: string;
    state: ApprovalState;
    autoCommit: boolean;
    approvalsNeeded: number;
    requestedAt: string;
    decidedAt: string | null;
    expiresAt: string;
    votes: { user: { id: string; name: string; email: string }; decision: string; comment: string; at: string }[];
  } | null;
  /** Whether the caller may approve or reject it now. */
  mayDecide: boolean;
};

/** A batch's approval as its page shows it. */
export async function approvalView(actor: Actor, batchId: string): Promise<ApprovalView> {
  {
    const client = pool();
    const batch = await visibleBatch(actor, batchId);
    const needed = await matchingRules(client, batch.id);
    const { rows } = await client.query<ApprovalRow & { name: string; email: string }>(
      "SELECT a.*, u.name, u.email FROM batch_approvals a JOIN users u ON u.id = a.requested_by_id WHERE a.batch_id = $1",
      [batch.id],
    );
    const a = rows[0];
    const { rows: votes } = await client.query<{ user_id: string; name: string; email: string; decision: string; comment: string; at: Date }>(
      "SELECT v.user_id, u.name, u.email, v.decision, v.comment, v.at FROM batch_approval_votes v JOIN users u ON u.id = v.user_id WHERE v.batch_id = $1 ORDER BY v.at",
      [batch.id],
    );
    return {
      batchId: batch.id,
      needed,
      request: a
        ? {
            requestedBy: { id: a.requested_by_id, name: a.name, email: a.email },
            message: a.message,
            state: a.state,
            autoCommit: a.auto_commit,
            approvalsNeeded: a.approvals_needed,
            requestedAt: a.requested_at.toISOString(),
            decidedAt: a.decided_at?.toISOString() ?? null,
            expiresAt: a.expires_at.toISOString(),
            votes: votes.map((v) => ({ user: { id: v.user_id, name: v.name, email: v.email }, decision: v.decision, comment: v.comment, at: v.at.toISOString() })),
          }
        : null,
      mayDecide: !!a && a.state === "pending" && batch.state === "awaiting_approval" && mayApprove(actor, batch, a.requested_by_id) && !votes.some((v) => v.user_id === actor.id),
    };
  }
}
