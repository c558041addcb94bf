import { beforeAll, describe, expect, it } from "vitest";
import { allItems, commitAndRun, editBehindTheBatch, errorOf, rowsById, runOperation, type Caller } from "../../tests/helpers/batch";
import { callerAs } from "../../tests/helpers/session";
import { seedRows } from "../../tests/helpers/seed";
import { pool } from "../db";
import type { BatchInput } from "../contracts/batch";

let admin: Caller;

beforeAll(async () => {
  await seedRows({ letters: 100, products: 30 });
  admin = await callerAs("admin");
});

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const rename = (rowIds: number[], title: string): BatchInput => ({
  resource: "letters",
  target: { kind: "ids", ids: rowIds },
  operation: { type: "update", changes: [{ op: "set", field: "title", value: title }] },
});

/** A row without the columns every write changes. */
const stable = (row: Record<string, unknown> | undefined) => {
  const { updated_at: _u, version: _v, ...rest } = row ?? {};
  return rest;
};

/** The target a batch stored (summaries report counts, not the lists). */
async function storedTarget(batchId: string): Promise<unknown> {
  return (await pool().query<{ target: unknown }>("SELECT target FROM batches WHERE id = $1", [batchId])).rows[0]!.target;
}

describe("conflicts between preview and commit", () => {
  it("leaves rows edited since the preview unchanged and reports them as conflicts listing the changed fields", async () => {
    const preview = await admin.batch.validate({
      resource: "letters",
      target: { kind: "ids", ids: ids(1, 4) },
      operation: { type: "update", changes: [{ op: "set", field: "title", value: "Batch title" }, { op: "set", field: "senderName", value: "Batch sender" }] },
    });
    await editBehindTheBatch("letters", [2], "title = 'Edited by Bob'");
    await editBehindTheBatch("letters", [3], "content = 'Only the body changed'");
    const done = await commitAndRun(admin, preview.id);
    expect(done.state).toBe("completed_with_errors");
    expect(done.progress.counts).toMatchObject({ succeeded: 2, conflict: 2 });
    const conflicts = await allItems(admin, preview.id, { result: "conflict" });
    expect(conflicts.map((i) => [i.rowId, i.resultError?.code, i.resultError?.changed])).toEqual([
      [2, "CONFLICT", ["title"]],
      [3, "CONFLICT", []],
    ]);
    const rows = await rowsById("letters", ids(1, 4));
    expect(rows.get(2)).toMatchObject({ title: "Edited by Bob" });
    expect(rows.get(2)!.sender_name).not.toBe("Batch sender");
    expect(rows.get(3)!.title).not.toBe("Batch title");
    expect(rows.get(1)).toMatchObject({ title: "Batch title", sender_name: "Batch sender" });
  });

  it("reports a row deleted since the preview as failed, not found", async () => {
    const preview = await admin.batch.validate(rename([5, 6], "Gone?"));
    await pool().query("DELETE FROM letters WHERE id = 6");
    const done = await commitAndRun(admin, preview.id);
    expect(done.progress.counts).toMatchObject({ succeeded: 1, failed: 1 });
    const failed = await allItems(admin, preview.id, { result: "failed" });
    expect(failed[0]).toMatchObject({ rowId: 6, resultError: { code: "NOT_FOUND", message: "The row no longer exists." } });
  });

  it("does not hard-delete a row edited since the preview", async () => {
    const preview = await admin.batch.validate({ resource: "letters", target: { kind: "ids", ids: [7, 8] }, operation: { type: "hardDelete" } });
    await editBehindTheBatch("letters", [8], "status = 'failed'");
    const done = await commitAndRun(admin, preview.id);
    expect(done.progress.counts).toMatchObject({ succeeded: 1, conflict: 1 });
    expect([...(await rowsById("letters", [7, 8])).keys()]).toEqual([8]);
    const conflict = (await allItems(admin, preview.id, { result: "conflict" }))[0]!;
    expect(conflict.resultError?.changed).toContain("status");
  });

  it("reports a create whose unique key was taken since the preview as a conflict", async () => {
    const preview = await admin.batch.validate({
      resource: "products",
      target: { kind: "items", items: [{ name: "Race", sku: "RACE-1", price: 1 }, { name: "Calm", sku: "CALM-1", price: 1 }] },
      operation: { type: "create" },
    });
    await pool().query("INSERT INTO products (name, sku, price, owner_id) SELECT 'Other', 'RACE-1', 2, id FROM users LIMIT 1");
    const done = await commitAndRun(admin, preview.id);
    expect(done.progress.counts).toMatchObject({ succeeded: 1, conflict: 1 });
    expect((await pool().query("SELECT name FROM products WHERE sku = 'RACE-1'")).rows).toEqual([{ name: "Other" }]);
  });
});

describe("retry failed", () => {
  it("plans a new batch of only the failed and conflicted items, against the rows as they are now", async () => {
    const source = await admin.batch.validate(rename(ids(10, 14), "Retry me"));
    await editBehindTheBatch("letters", [11, 13], "title = 'Meanwhile'");
    await commitAndRun(admin, source.id);

    const retry = await admin.batch.retryFailed({ batchId: source.id });
    expect(retry).toMatchObject({ kind: "rows", origin: "retry", parentId: source.id, state: "previewed", target: { kind: "ids", count: 2 } });
    expect(await storedTarget(retry.id)).toEqual({ kind: "ids", ids: [11, 13] });
    expect(retry.preview).toMatchObject({ total: 2, willChange: 2 });
    expect((await allItems(admin, retry.id))[0]!.before).toEqual({ title: "Meanwhile" });
    const done = await commitAndRun(admin, retry.id);
    expect(done.progress.counts.succeeded).toBe(2);
    const rows = await rowsById("letters", ids(10, 14));
    expect(ids(10, 14).map((id) => rows.get(id)!.title)).toEqual(Array(5).fill("Retry me"));
  });

  it("retries only the conflicted items of a create by their index", async () => {
    const source = await admin.batch.validate({
      resource: "products",
      target: { kind: "items", items: [{ name: "A", sku: "RETRY-A", price: 1 }, { name: "B", sku: "RETRY-B", price: 1 }] },
      operation: { type: "create" },
    });
    await pool().query("INSERT INTO products (name, sku, price, owner_id) SELECT 'Squatter', 'RETRY-B', 2, id FROM users LIMIT 1");
    await commitAndRun(admin, source.id);
    await pool().query("DELETE FROM products WHERE sku = 'RETRY-B'");
    const retry = await admin.batch.retryFailed({ batchId: source.id });
    expect(retry.target).toEqual({ kind: "items", count: 1 });
    expect(await storedTarget(retry.id)).toEqual({ kind: "items", items: [{ name: "B", sku: "RETRY-B", price: 1 }] });
    await commitAndRun(admin, retry.id);
    expect((await pool().query("SELECT name FROM products WHERE sku = 'RETRY-B'")).rows).toEqual([{ name: "B" }]);
  });

  it("refuses when nothing failed, and while the batch is unfinished", async () => {
    const clean = await runOperation(admin, rename([15], "Clean"));
    expect((await errorOf(admin.batch.retryFailed({ batchId: clean.preview.id }))).code).toBe("PRECONDITION_FAILED");
    const pending = await admin.batch.validate(rename([16], "Pending"));
    expect((await errorOf(admin.batch.retryFailed({ batchId: pending.id }))).code).toBe("CONFLICT");
  });
});

describe("revert", () => {
  it("puts back the values an update replaced", async () => {
    const before = await rowsById("letters", ids(20, 24));
    const { preview } = await runOperation(admin, rename(ids(20, 24), "To be reverted"));
    const revert = await admin.batch.revert({ batchId: preview.id });
    expect(revert).toMatchObject({ kind: "rows", origin: "revert", parentId: preview.id, state: "previewed", preview: { total: 5, willChange: 5 } });
    const items = await allItems(admin, revert.id);
    expect(items[0]).toMatchObject({ action: "update", before: { title: "To be reverted" }, after: { title: before.get(20)!.title } });
    const done = await commitAndRun(admin, revert.id);
    expect(done.state).toBe("completed");
    const after = await rowsById("letters", ids(20, 24));
    for (const id of ids(20, 24)) expect(after.get(id)!.title).toBe(before.get(id)!.title);
  });

  it("marks rows changed after the batch as CONFLICT in the revert preview and never overwrites them", async () => {
    const { preview } = await runOperation(admin, rename(ids(30, 32), "Batch wrote this"));
    await editBehindTheBatch("letters", [31], "title = 'Changed later'");
    const revert = await admin.batch.revert({ batchId: preview.id });
    expect(revert.preview).toMatchObject({ willChange: 2, invalid: 1 });
    const invalid = await allItems(admin, revert.id, { outcome: "invalid" });
    expect(invalid).toMatchObject([{ rowId: 31, errors: [{ code: "CONFLICT", message: "Changed since the batch wrote it; not reverted." }] }]);
    await commitAndRun(admin, revert.id);
    const rows = await rowsById("letters", ids(30, 32));
    expect(rows.get(31)!.title).toBe("Changed later");
    expect(rows.get(30)!.title).not.toBe("Batch wrote this");
  });

  it("deletes the rows a create made and restores the rows an upsert updated", async () => {
    const original = (await pool().query<{ price: string }>("SELECT price FROM products WHERE sku = 'SKU-00000003'")).rows[0]!;
    const { preview } = await runOperation(admin, {
      resource: "products",
      target: { kind: "items", items: [{ sku: "SKU-00000003", price: 999 }, { sku: "REVERT-NEW", name: "New", price: 5 }] },
      operation: { type: "upsert" },
    });
    expect((await pool().query("SELECT 1 FROM products WHERE sku = 'REVERT-NEW'")).rowCount).toBe(1);
    const revert = await admin.batch.revert({ batchId: preview.id });
    expect((await allItems(admin, revert.id)).map((i) => i.action)).toEqual(["update", "delete"]);
    await commitAndRun(admin, revert.id);
    expect((await pool().query("SELECT 1 FROM products WHERE sku = 'REVERT-NEW'")).rowCount).toBe(0);
    expect((await pool().query("SELECT price FROM products WHERE sku = 'SKU-00000003'")).rows[0]).toEqual(original);
  });

  it("re-creates hard-deleted rows with their ids and values", async () => {
    const before = await rowsById("letters", [40, 41]);
    const { preview } = await runOperation(admin, { resource: "letters", target: { kind: "ids", ids: [40, 41] }, operation: { type: "hardDelete" } });
    expect((await rowsById("letters", [40, 41])).size).toBe(0);
    const revert = await admin.batch.revert({ batchId: preview.id });
    expect((await allItems(admin, revert.id)).map((i) => [i.action, i.outcome])).toEqual([
      ["create", "will_change"],
      ["create", "will_change"],
    ]);
    await commitAndRun(admin, revert.id);
    const after = await rowsById("letters", [40, 41]);
    expect(stable(after.get(40))).toEqual(stable(before.get(40)));
    expect(stable(after.get(41))).toEqual(stable(before.get(41)));
    // The version goes on from the deleted row's, so a preview made before the delete still conflicts.
    expect(after.get(40)!.version).toBe((before.get(40)!.version as number) + 1);
  });

  it("a preview made before a row was deleted and re-created by a revert ends as a conflict, not an overwrite", async () => {
    const stale = await admin.batch.validate(rename([42], "Stale plan"));
    const { preview } = await runOperation(admin, { resource: "letters", target: { kind: "ids", ids: [42] }, operation: { type: "hardDelete" } });
    await commitAndRun(admin, (await admin.batch.revert({ batchId: preview.id })).id);
    const restored = (await rowsById("letters", [42])).get(42)!;
    const done = await commitAndRun(admin, stale.id);
    expect(done.progress.counts).toMatchObject({ succeeded: 0, conflict: 1 });
    expect((await rowsById("letters", [42])).get(42)!.title).toBe(restored.title);
  });

  it("undoes a soft delete", async () => {
    const { preview } = await runOperation(admin, { resource: "letters", target: { kind: "ids", ids: [50, 51] }, operation: { type: "softDelete", reason: "oops" } });
    await commitAndRun(admin, (await admin.batch.revert({ batchId: preview.id })).id);
    const rows = await rowsById("letters", [50, 51]);
    expect([...rows.values()].map((r) => [r.deleted_at, r.delete_reason])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it("refuses to revert a revert, to retry a revert, or to revert an unfinished batch", async () => {
    const { preview } = await runOperation(admin, rename([60], "Once"));
    const revert = await admin.batch.revert({ batchId: preview.id });
    await editBehindTheBatch("letters", [60], "title = 'Moved on'");
    expect((await commitAndRun(admin, revert.id)).progress.counts.conflict).toBe(1);
    expect((await errorOf(admin.batch.revert({ batchId: revert.id }))).code).toBe("BAD_REQUEST");
    const retry = await errorOf(admin.batch.retryFailed({ batchId: revert.id }));
    expect(retry).toMatchObject({ code: "BAD_REQUEST", message: "A revert cannot be retried: its rows changed after the batch it reverts. Start a new batch instead." });
    const pending = await admin.batch.validate(rename([61], "Later"));
    expect((await errorOf(admin.batch.revert({ batchId: pending.id }))).code).toBe("CONFLICT");
  });
});
