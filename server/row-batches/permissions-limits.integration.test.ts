import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { allItems, commitAndRun, editBehindTheBatch, errorOf, idsWhere, runOperation, type Caller } from "../../tests/helpers/batch";
import { runToEnd } from "../../tests/helpers/run-batch";
import { callerAs } from "../../tests/helpers/session";
import { seedRows, userId } from "../../tests/helpers/seed";
import { pool } from "../db";
import type { BatchInput } from "../contracts/batch";
import { asOwner } from "../../tests/helpers/owner";

let admin: Caller;
let operator: Caller;
let operator2: Caller;
let viewer: Caller;
let operatorId: string;
let operator2Id: string;

beforeAll(async () => {
  await seedRows({ letters: 120, products: 30 });
  [admin, operator, operator2, viewer] = await Promise.all([callerAs("admin"), callerAs("operator"), callerAs("operator2"), callerAs("viewer")]);
  [operatorId, operator2Id] = await Promise.all([userId("operator"), userId("operator2")]);
});

const ENV_KEYS = ["BATCH_MAX_ROWS_OPERATOR", "BATCHES_PER_HOUR_OPERATOR"] as const;
afterEach(() => {
  for (const key of ENV_KEYS) delete process.env[key];
});

const ownedBy = (owner: string) => idsWhere("letters", "owner_id = $1 AND deleted_at IS NULL AND archived_at IS NULL", [owner]);
const retitle = (target: BatchInput["target"], title = "Operator was here"): BatchInput => ({
  resource: "letters",
  target,
  operation: { type: "update", changes: [{ op: "set", field: "title", value: title }] },
});

describe("roles", () => {
  it("a viewer can read but cannot start or control batches", async () => {
    const e = await errorOf(viewer.batch.validate(retitle({ kind: "ids", ids: [1] })));
    expect(e).toMatchObject({ code: "FORBIDDEN", message: "This action needs the operator role." });
    expect((await errorOf(viewer.batch.execute(retitle({ kind: "ids", ids: [1] })))).code).toBe("FORBIDDEN");
    expect((await viewer.resources.query({ resource: "letters", pageSize: 1 })).rows).toHaveLength(1);
  });

  it("an operator's batch marks rows owned by others PERMISSION_DENIED and changes only their own", async () => {
    const mine = await ownedBy(operatorId);
    const theirs = await ownedBy(operator2Id);
    expect(mine.length).toBeGreaterThan(0);
    expect(theirs.length).toBeGreaterThan(0);
    const { preview, done } = await runOperation(operator, retitle({ kind: "ids", ids: [...mine.slice(0, 3), ...theirs.slice(0, 2)] }));
    const items = await allItems(operator, preview.id);
    expect(items.map((i) => [i.rowId, i.outcome, i.errors?.[0]?.code ?? null])).toEqual([
      ...mine.slice(0, 3).map((id) => [id, "will_change", null]),
      ...theirs.slice(0, 2).map((id) => [id, "invalid", "PERMISSION_DENIED"]),
    ]);
    expect(items[3]!.errors![0]!.message).toBe("You can only change rows you own.");
    expect(done.progress.counts).toMatchObject({ succeeded: 3, invalid: 2 });
    const { rows } = await pool().query("SELECT id FROM letters WHERE title = 'Operator was here' ORDER BY id");
    expect(rows.map((r) => r.id)).toEqual(mine.slice(0, 3));
  });

  it("an operator cannot give rows to someone else, on update or on create", async () => {
    const mine = (await ownedBy(operatorId)).slice(5, 7);
    const give = await operator.batch.validate({
      resource: "letters",
      target: { kind: "ids", ids: mine },
      operation: { type: "update", changes: [{ op: "set", field: "ownerId", value: operator2Id }] },
    });
    expect((await allItems(operator, give.id))[0]!.errors).toEqual([{ code: "PERMISSION_DENIED", field: "ownerId", message: "You can only assign rows to yourself." }]);
    expect(give.preview.invalid).toBe(2);

    const create = await runOperation(operator, {
      resource: "products",
      target: { kind: "items", items: [{ name: "Mine", sku: "OP-MINE", price: 1 }, { name: "Gift", sku: "OP-GIFT", price: 1, ownerId: operator2Id }] },
      operation: { type: "create" },
    });
    expect((await allItems(operator, create.preview.id)).map((i) => i.errors?.[0]?.code ?? null)).toEqual([null, "PERMISSION_DENIED"]);
    expect((await pool().query("SELECT sku, owner_id FROM products WHERE sku LIKE 'OP-%'")).rows).toEqual([{ sku: "OP-MINE", owner_id: operatorId }]);
  });

  it("an admin may act on every row and assign rows to anyone", async () => {
    const theirs = (await ownedBy(operator2Id)).slice(0, 2);
    const { done } = await runOperation(admin, {
      resource: "letters",
      target: { kind: "ids", ids: theirs },
      operation: { type: "update", changes: [{ op: "set", field: "ownerId", value: operatorId }] },
    });
    expect(done.progress.counts.succeeded).toBe(2);
    expect(await idsWhere("letters", "id = ANY($1) AND owner_id = $2", [theirs, operatorId])).toEqual(theirs);
  });
});

describe("batch visibility", () => {
  it("users cannot see or control each other's batches; admins can see all", async () => {
    const preview = await operator.batch.validate(retitle({ kind: "ids", ids: (await ownedBy(operatorId)).slice(0, 1) }, "Private"));
    const batchId = preview.id;
    for (const call of [
      () => operator2.batch.status({ batchId }),
      () => operator2.batch.items({ batchId }),
      () => operator2.batch.execute({ batchId }),
      () => operator2.batch.discard({ batchId }),
      () => viewer.batch.status({ batchId }),
    ]) {
      expect((await errorOf(call())).code).toBe("NOT_FOUND");
    }
    expect((await operator2.batch.list({})).batches.map((b) => b.id)).not.toContain(batchId);
    expect((await operator.batch.list({})).batches.map((b) => b.id)).toContain(batchId);

    expect((await admin.batch.status({ batchId })).createdBy.email).toBe("operator@batchdesk.local");
    expect((await admin.batch.list({ createdById: operatorId })).batches.map((b) => b.id)).toContain(batchId);
    // The "Started by" filter offers admins whoever started a batch; others only themselves.
    expect((await admin.batch.actors()).map((u) => u.email)).toContain("operator@batchdesk.local");
    expect((await operator.batch.actors()).map((u) => u.email)).toEqual(["operator@batchdesk.local"]);
    expect(await operator2.batch.actors()).toEqual([]);
    const ran = await commitAndRun(admin, batchId);
    expect(ran.state).toBe("completed");
    expect((await errorOf(operator2.batch.revert({ batchId }))).code).toBe("NOT_FOUND");
    expect((await errorOf(operator2.batch.retryFailed({ batchId }))).code).toBe("NOT_FOUND");
  });
});

describe("limits", () => {
  it("refuses a batch over the role's row limit, counting rows after exclusions", async () => {
    process.env.BATCH_MAX_ROWS_OPERATOR = "10";
    const e = await errorOf(operator.batch.validate(retitle({ kind: "ids", ids: Array.from({ length: 11 }, (_, i) => i + 1) })));
    expect(e).toMatchObject({ code: "BAD_REQUEST", message: "This batch would touch 11 rows; the limit for operators is 10. Narrow the selection." });

    const filter = { combinator: "and" as const, conditions: [{ field: "id", op: "between" as const, value: [1, 12] }] };
    const over = await errorOf(operator.batch.validate(retitle({ kind: "filter", selection: { filter }, excludeIds: [] })));
    expect(over.message).toContain("would touch 12 rows");
    const narrowed = await operator.batch.validate(retitle({ kind: "filter", selection: { filter }, excludeIds: [1, 2] }));
    expect(narrowed.preview.total).toBe(10);

    expect((await admin.batch.validate(retitle({ kind: "ids", ids: Array.from({ length: 11 }, (_, i) => i + 1) }))).preview.total).toBe(11);
  });

  it("refuses more batches per hour than the role allows, even when requests arrive together", async () => {
    const { rows } = await pool().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM batches WHERE created_by_id = $1 AND created_at > now() - interval '1 hour'",
      [operatorId],
    );
    process.env.BATCHES_PER_HOUR_OPERATOR = String(rows[0]!.n + 1);
    const target = { kind: "ids" as const, ids: (await ownedBy(operatorId)).slice(0, 1) };
    const outcomes = await Promise.allSettled([operator.batch.validate(retitle(target)), operator.batch.validate(retitle(target))]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const e = await errorOf(operator.batch.validate(retitle(target)));
    expect(e).toMatchObject({ code: "TOO_MANY_REQUESTS", message: `You have started ${rows[0]!.n + 1} batches in the last hour, the limit for operators. Try again later.` });
    expect((await operator2.batch.validate(retitle({ kind: "ids", ids: (await ownedBy(operator2Id)).slice(0, 1) }))).state).toBe("previewed");
  });

  it("a revert is a batch too: the row and hourly limits apply to it", async () => {
    const done = await commitAndRun(operator2, (await operator2.batch.validate(retitle({ kind: "ids", ids: (await ownedBy(operator2Id)).slice(20, 25) }, "To revert"))).id);
    expect(done.progress.counts.succeeded).toBe(5);
    process.env.BATCH_MAX_ROWS_OPERATOR = "4";
    expect(await errorOf(operator2.batch.revert({ batchId: done.id }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("would touch 5 rows") });
    delete process.env.BATCH_MAX_ROWS_OPERATOR;
    const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM batches WHERE created_by_id = $1 AND created_at > now() - interval '1 hour'", [operator2Id]);
    process.env.BATCHES_PER_HOUR_OPERATOR = String(rows[0]!.n);
    expect(await errorOf(operator2.batch.revert({ batchId: done.id }))).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    delete process.env.BATCHES_PER_HOUR_OPERATOR;
    expect((await operator2.batch.revert({ batchId: done.id })).state).toBe("previewed");
  });
});

describe("audit", () => {
  it("records validate, execute, pause, resume, cancel, retry, revert and discard", async () => {
    const mine = (await ownedBy(operatorId)).slice(10, 13);
    const first = await operator.batch.validate(retitle({ kind: "ids", ids: mine }, "Audited"));
    await editBehindTheBatch("letters", [mine[0]!], "title = 'Edited'");
    await commitAndRun(operator, first.id);
    const retry = await operator.batch.retryFailed({ batchId: first.id });
    const revert = await operator.batch.revert({ batchId: first.id });
    await operator.batch.discard({ batchId: revert.id });
    await operator.batch.execute({ batchId: retry.id });
    await operator.batch.pause({ batchId: retry.id });
    await operator.batch.resume({ batchId: retry.id });
    await operator.batch.cancel({ batchId: retry.id });
    await runToEnd(retry.id);

    const { rows } = await pool().query<{ action: string; batch_id: string; actor_email: string; resource: string }>(
      "SELECT action, batch_id, actor_email, resource FROM audit_logs WHERE batch_id = ANY($1::uuid[]) ORDER BY id",
      [[first.id, retry.id, revert.id]],
    );
    const tag = (id: string) => (id === first.id ? "first" : id === retry.id ? "retry" : "revert");
    expect(rows.map((r) => `${tag(r.batch_id)}:${r.action}`)).toEqual([
      "first:batch.validate",
      "first:batch.execute",
      "retry:batch.validate",
      "retry:batch.retry_failed",
      "revert:batch.revert",
      "revert:batch.discard",
      "retry:batch.execute",
      "retry:batch.pause",
      "retry:batch.resume",
      "retry:batch.cancel",
    ]);
    expect(rows.every((r) => r.actor_email === "operator@batchdesk.local" && r.resource === "letters")).toBe(true);

    // Each entry says what ran and the counts as that action saw them.
    const details = async (batchId: string, action: string) =>
      (await pool().query<{ details: Record<string, unknown> }>("SELECT details FROM audit_logs WHERE batch_id = $1 AND action = $2", [batchId, action])).rows[0]!.details;
    expect(await details(first.id, "batch.validate")).toMatchObject({ operation: "update", target: "ids", items: 3, planned: { willChange: 3, unchanged: 0, invalid: 0 } });
    expect(await details(first.id, "batch.execute")).toMatchObject({ operation: "update", items: 3, done: { processed: 0 } });
    expect(await details(retry.id, "batch.retry_failed")).toMatchObject({ operation: "update", of: first.id, items: 1 });
    expect(await details(revert.id, "batch.revert")).toMatchObject({ operation: "revert", of: first.id, items: 2 });
    expect(await details(retry.id, "batch.cancel")).toMatchObject({ operation: "update", items: 1 });
  });

  it("the database refuses to change or remove audit rows, even to the table's owner", async () => {
    const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM audit_logs");
    expect(rows[0]!.n).toBeGreaterThan(0);
    await expect(asOwner("UPDATE audit_logs SET action = 'tampered'")).rejects.toThrow(/append-only/);
    await expect(asOwner("DELETE FROM audit_logs")).rejects.toThrow(/append-only/);
    await expect(asOwner("TRUNCATE audit_logs")).rejects.toThrow(/append-only/);
    expect((await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM audit_logs WHERE action = 'tampered'")).rows[0]!.n).toBe(0);
  });

  it("the app's own connection is no superuser and cannot touch the audit trail or its trigger", async () => {
    const { rows } = await pool().query<{ superuser: boolean; owner: string; me: string }>(
      "SELECT rolsuper AS superuser, (SELECT tableowner FROM pg_tables WHERE tablename = 'audit_logs') AS owner, current_user AS me FROM pg_roles WHERE rolname = current_user",
    );
    expect(rows[0]!.superuser).toBe(false);
    expect(rows[0]!.owner).not.toBe(rows[0]!.me);
    for (const sql of [
      "UPDATE audit_logs SET action = 'tampered'",
      "DELETE FROM audit_logs",
      "TRUNCATE audit_logs",
      "ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only",
      "DROP TRIGGER audit_logs_append_only ON audit_logs",
      "DROP TABLE audit_logs",
      "SET session_replication_role = replica",
      "CREATE TABLE scratch (id int)",
    ]) {
      await expect(pool().query(sql), sql).rejects.toMatchObject({ code: expect.stringMatching(/^42501$|^42P01$/) });
    }
    // It still writes what the app writes: an audit row goes in.
    await pool().query("INSERT INTO audit_logs (action) VALUES ('least-privilege check')");
  });
});
