import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { editBehindTheBatch, errorOf, idsWhere, type Caller } from "../../tests/helpers/batch";
import { runToEnd } from "../../tests/helpers/run-batch";
import { seedRows, userId } from "../../tests/helpers/seed";
import { callerAs } from "../../tests/helpers/session";
import { userActor } from "../auth/actor";
import { pool } from "../db";
import { producer } from "../jobs/boss";
import { logger } from "../logger";
import { runScheduleRun } from "../schedules/run";
import { createCallerFactory } from "../trpc/init";
import { appRouter } from "../trpc/router";
import { drainOutbox } from "../webhooks/drain";
import { expireApprovals } from "./requests";

// Four-eyes approvals end to end through the console's procedures: a rule makes an operator's batch
// wait for an approver who sees its preview; self-approval is refused; two approvers when the rule
// says so; the approval holds for that preview only, lapses, and rows edited since still conflict.

let admin: Caller;
let admin2: Caller;
let operator: Caller;
let operator2: Caller;
let mine: number[];

beforeAll(async () => {
  for (const role of ["ADMIN", "OPERATOR"]) process.env[`BATCHES_PER_HOUR_${role}`] = "5000";
  await producer();
  await seedRows({ letters: 60 });
  [admin, operator, operator2] = await Promise.all([callerAs("admin"), callerAs("operator"), callerAs("operator2")]);
  // A second admin, as the console would have one.
  const email = `second-admin-${Date.now()}@example.com`;
  const created = await admin.users.create({ email, name: "Second Admin", role: "admin", access: { kind: "invite" } });
  admin2 = createCallerFactory(appRouter)({ actor: userActor({ id: created.id, email, name: "Second Admin", role: "admin" }), headers: new Headers(), requestId: "approvals-test" });
  mine = await idsWhere("letters", "owner_id = $1 AND deleted_at IS NULL", [await userId("operator")]);
});

afterEach(() => pool().query("DELETE FROM approval_rules"));

let n = 0;
const rename = (ids: number[], field = "title") =>
  operator.batch.validate({ resource: "letters", target: { kind: "ids", ids }, operation: { type: "update", changes: [{ op: "set", field, value: `approved ${++n}` }] } });
const stateOf = async (id: string) => (await pool().query<{ state: string; last_error: string | null }>("SELECT state, last_error FROM batches WHERE id = $1", [id])).rows[0]!;
const auditActions = async (batchId: string) => (await pool().query<{ action: string }>("SELECT action FROM audit_logs WHERE batch_id = $1 AND action LIKE 'approval.%' ORDER BY id", [batchId])).rows.map((r) => r.action);

describe("rules", () => {
  it("a batch matching a rule offers 'request approval' instead of commit, and its commit is refused", async () => {
    await admin.approvals.createRule({ name: "big letter edits", resource: "letters", operation: "update", minRows: 2 });
    const small = await rename(mine.slice(0, 2));
    expect(small.allowedActions).toContain("commit");
    const big = await rename(mine.slice(0, 3));
    expect(big.allowedActions).toContain("requestApproval");
    expect(big.allowedActions).not.toContain("commit");
    const refused = await errorOf(operator.batch.execute({ batchId: big.id }));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toMatch(/needs approval.*big letter edits/);
    expect((await admin.approvals.get({ batchId: big.id })).needed).toMatchObject({ approvalsNeeded: 1, rules: [{ name: "big letter edits" }] });
  });

  it("refuses rule edits by anyone but admins, and an unknown resource", async () => {
    expect((await errorOf(operator.approvals.createRule({ name: "x" }))).code).toBe("FORBIDDEN");
    expect((await errorOf(admin.approvals.createRule({ name: "x", resource: "nope" }))).message).toMatch(/no resource "nope"/);
  });
});

describe("a request and its decision", () => {
  it("the requester cannot approve; another operator may not either; an admin approves, the requester commits; audit says each", async () => {
    await admin.approvals.createRule({ name: "every letter update", resource: "letters", operation: "update" });
    const b = await rename(mine.slice(3, 5));
    const asked = await operator.approvals.request({ batchId: b.id, message: "quarterly retitle" });
    expect(asked.request).toMatchObject({ state: "pending", message: "quarterly retitle", approvalsNeeded: 1 });
    expect((await stateOf(b.id)).state).toBe("awaiting_approval");
    expect((await errorOf(operator.approvals.decide({ batchId: b.id, decision: "approve" }))).code).toBe("FORBIDDEN");
    // operator2 cannot see it at all.
    expect((await errorOf(operator2.approvals.decide({ batchId: b.id, decision: "approve" }))).code).toBe("NOT_FOUND");
    const queue = await admin.approvals.list({ view: "toDecide" });
    expect(queue.find((q) => q.batchId === b.id)).toMatchObject({ mayDecide: true, willChange: 2, requestedBy: { id: await userId("operator") } });
    const note = await pool().query("SELECT 1 FROM notifications WHERE user_id = $1 AND kind = 'approval_requested' AND batch_id = $2", [await userId("admin"), b.id]);
    expect(note.rowCount).toBe(1);
    const decided = await admin.approvals.decide({ batchId: b.id, decision: "approve", comment: "looks right" });
    expect(decided.request).toMatchObject({ state: "approved", votes: [{ decision: "approve", comment: "looks right" }] });
    expect((await stateOf(b.id)).state).toBe("previewed");
    await operator.batch.execute({ batchId: b.id });
    await runToEnd(b.id);
    expect((await stateOf(b.id)).state).toBe("completed");
    expect(await auditActions(b.id)).toEqual(["approval.request", "approval.approve"]);
  });

  it("two approvers when the rule asks: one vote each, then approved; auto-commit commits on the requester's behalf", async () => {
    await admin.approvals.createRule({ name: "two eyes more", resource: "letters", approvalsNeeded: 2 });
    const b = await rename(mine.slice(5, 7));
    await operator.approvals.request({ batchId: b.id, autoCommit: true });
    const one = await admin.approvals.decide({ batchId: b.id, decision: "approve" });
    expect(one.request?.state).toBe("pending");
    expect((await errorOf(admin.approvals.decide({ batchId: b.id, decision: "approve" }))).code).toBe("CONFLICT");
    await admin2.approvals.decide({ batchId: b.id, decision: "approve" });
    expect((await stateOf(b.id)).state).toBe("queued");
    const commit = await pool().query<{ actor_id: string; actor_via: string }>("SELECT actor_id, actor_via FROM audit_logs WHERE batch_id = $1 AND action = 'batch.execute'", [b.id]);
    expect(commit.rows).toEqual([{ actor_id: await userId("operator"), actor_via: `approval:${b.id}` }]);
    await runToEnd(b.id);
  });

  it("a request is an awaiting_approval webhook event for the requester's endpoints", async () => {
    await drainOutbox();
    const endpoint = await operator.webhooks.create({ url: "https://hooks.example.com/approvals", events: ["awaiting_approval"] });
    try {
      await admin.approvals.createRule({ name: "every letter update", resource: "letters" });
      const b = await rename(mine.slice(1, 3));
      await operator.approvals.request({ batchId: b.id, message: "for the hook" });
      await drainOutbox();
      const { rows } = await pool().query<{ event_type: string; payload: { event: { job_id: string; details: { state: string } } } }>("SELECT event_type, payload FROM webhook_deliveries WHERE endpoint_id = $1", [endpoint.id]);
      expect(rows.map((r) => [r.event_type, r.payload.event.job_id, r.payload.event.details.state])).toEqual([["awaiting_approval", b.id, "awaiting_approval"]]);
    } finally {
      await operator.webhooks.delete({ endpointId: endpoint.id });
    }
  });

  it("a rejection discards the batch with the reason", async () => {
    await admin.approvals.createRule({ name: "every letter update", resource: "letters" });
    const b = await rename(mine.slice(7, 9));
    await operator.approvals.request({ batchId: b.id });
    await admin.approvals.decide({ batchId: b.id, decision: "reject", comment: "wrong quarter" });
    expect(await stateOf(b.id)).toEqual({ state: "discarded", last_error: expect.stringContaining("wrong quarter") as string });
    expect(await auditActions(b.id)).toEqual(["approval.request", "approval.reject"]);
  });

  it("the requester withdraws a waiting batch by discarding it: the request is withdrawn and no longer to decide", async () => {
    await admin.approvals.createRule({ name: "every letter update", resource: "letters" });
    const b = await rename(mine.slice(17, 19));
    await operator.approvals.request({ batchId: b.id });
    await operator.batch.discard({ batchId: b.id });
    expect((await stateOf(b.id)).state).toBe("discarded");
    expect((await admin.approvals.get({ batchId: b.id })).request?.state).toBe("withdrawn");
    expect((await admin.approvals.list({ view: "toDecide" })).some((q) => q.batchId === b.id)).toBe(false);
    expect((await operator.approvals.list({ view: "mine" })).find((q) => q.batchId === b.id)?.state).toBe("withdrawn");
    expect(await auditActions(b.id)).toEqual(["approval.request", "approval.withdraw"]);
  });

  it("holds for that preview only: a new preview of the same change needs its own approval", async () => {
    await admin.approvals.createRule({ name: "every letter update", resource: "letters" });
    const b = await rename(mine.slice(9, 11));
    await operator.approvals.request({ batchId: b.id });
    await admin.approvals.decide({ batchId: b.id, decision: "approve" });
    const again = await rename(mine.slice(9, 11));
    expect((await errorOf(operator.batch.execute({ batchId: again.id }))).code).toBe("PRECONDITION_FAILED");
  });

  it("rows edited after the approval still end as conflicts when it runs", async () => {
    await admin.approvals.createRule({ name: "every letter update", resource: "letters" });
    const rows = mine.slice(11, 13);
    const b = await rename(rows);
    await operator.approvals.request({ batchId: b.id });
    await admin.approvals.decide({ batchId: b.id, decision: "approve" });
    await editBehindTheBatch("letters", [rows[0]!], "title = 'edited by hand'");
    await operator.batch.execute({ batchId: b.id });
    await runToEnd(b.id);
    const s = await operator.batch.status({ batchId: b.id });
    expect(s.progress.counts).toMatchObject({ succeeded: 1, conflict: 1 });
  });

  it("a request lapses: the batch is previewed again and cannot be committed until asked and approved anew", async () => {
    await admin.approvals.createRule({ name: "every letter update", resource: "letters" });
    const b = await rename(mine.slice(13, 15));
    await operator.approvals.request({ batchId: b.id });
    await pool().query("UPDATE batch_approvals SET expires_at = now() - interval '1 minute' WHERE batch_id = $1", [b.id]);
    expect(await expireApprovals()).toBeGreaterThanOrEqual(1);
    expect((await stateOf(b.id)).state).toBe("previewed");
    expect((await admin.approvals.get({ batchId: b.id })).request?.state).toBe("expired");
    expect((await errorOf(operator.batch.execute({ batchId: b.id }))).code).toBe("PRECONDITION_FAILED");
    expect(await auditActions(b.id)).toEqual(["approval.request", "approval.expire"]);
    // Asked again, it starts over.
    await operator.approvals.request({ batchId: b.id });
    expect((await admin.approvals.get({ batchId: b.id })).request).toMatchObject({ state: "pending", votes: [] });
  });
});

describe("unattended runs", () => {
  it("a scheduled run within its guard that matches a rule waits for approval, and is committed once approved", async () => {
    await admin.approvals.createRule({ name: "scheduled letters", resource: "letters" });
    const t = await operator.templates.create({
      name: "approved schedule",
      resource: "letters",
      target: { kind: "ids", ids: mine.slice(15, 17) },
      operation: { type: "update", changes: [{ op: "set", field: "title", value: "scheduled and approved" }] },
    });
    const s = await operator.schedules.create({ name: "needs eyes", templateId: t.id, timing: { frequency: "daily", time: "06:00", timezone: "UTC" } });
    const run = await runScheduleRun((await operator.schedules.runNow({ scheduleId: s.id })).runId, logger);
    expect(run.state).toBe("held");
    expect(run.reason).toMatch(/Awaiting approval \(scheduled letters\)/);
    expect((await stateOf(run.batchId!)).state).toBe("awaiting_approval");
    // While it waits, a next run is refused as overlapping.
    expect((await errorOf(operator.schedules.runNow({ scheduleId: s.id }))).code).toBe("CONFLICT");
    await admin.approvals.decide({ batchId: run.batchId!, decision: "approve" });
    expect((await stateOf(run.batchId!)).state).toBe("queued");
    await runToEnd(run.batchId!);
  });
});
