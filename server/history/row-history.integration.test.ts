import { beforeAll, describe, expect, it } from "vitest";
import { allItems, commitAndRun, editBehindTheBatch, errorOf, idsWhere, rowsById, runOperation, type Caller } from "../../tests/helpers/batch";
import { callerAs } from "../../tests/helpers/session";
import { seedRows, userId } from "../../tests/helpers/seed";
import { rest, restCode } from "../../tests/helpers/rest";
import { callerWithToken, tokenOf } from "../../tests/helpers/tokens";
import type { BatchInput } from "../contracts/batch";

let admin: Caller;
let operator: Caller;
let operator2: Caller;
let viewer: Caller;
/** Letters owned by the operator, each test taking its own. */
let mine: number[];

beforeAll(async () => {
  await seedRows({ letters: 60 });
  [admin, operator, operator2, viewer] = await Promise.all([callerAs("admin"), callerAs("operator"), callerAs("operator2"), callerAs("viewer")]);
  mine = await idsWhere("letters", "owner_id = $1 AND deleted_at IS NULL AND archived_at IS NULL", [await userId("operator")]);
});

const update = (ids: number[], changes: { field: string; value: string }[]): BatchInput => ({
  resource: "letters",
  target: { kind: "ids", ids },
  operation: { type: "update", changes: changes.map((c) => ({ op: "set" as const, ...c })) },
});

describe("a record's history", () => {
  it("lists every batch that touched the row, newest first, with its result and before → after per changed field", async () => {
    const [row, other] = [mine[0]!, mine[1]!];
    const original = (await rowsById("letters", [row])).get(row)!;
    const a = await runOperation(operator, update([row, other], [{ field: "title", value: "First title" }]));
    const b = await runOperation(operator, update([row], [{ field: "title", value: "Second title" }, { field: "senderName", value: "Second sender" }]));
    const revert = await operator.batch.revert({ batchId: b.done.id });
    await commitAndRun(operator, revert.id);
    // Edited behind the next batch's back: it ends as a conflict and does not write the row.
    const c = await operator.batch.validate(update([row], [{ field: "title", value: "Third title" }]));
    await editBehindTheBatch("letters", [row], "title = 'Edited by hand'");
    await commitAndRun(operator, c.id);
    // A preview that was discarded never touched the row.
    const discarded = await operator.batch.validate(update([row], [{ field: "title", value: "Never run" }]));
    await operator.batch.discard({ batchId: discarded.id });

    const history = await operator.resources.history({ resource: "letters", id: row });
    expect(history.entries.map((e) => [e.batchId, e.origin, e.operationType, e.result, e.state])).toEqual([
      [c.id, "normal", "update", "conflict", "completed_with_errors"],
      [revert.id, "revert", "revert", "succeeded", "completed"],
      [b.done.id, "normal", "update", "succeeded", "completed"],
      [a.done.id, "normal", "update", "succeeded", "completed"],
    ]);
    const [ce, re, be, ae] = history.entries;
    expect(ae!.changes).toEqual([{ field: "title", before: original.title, after: "First title" }]);
    expect(be!.changes).toEqual([
      { field: "title", before: "First title", after: "Second title" },
      { field: "senderName", before: original.sender_name, after: "Second sender" },
    ]);
    expect(re!.changes).toEqual([
      { field: "title", before: "Second title", after: "First title" },
      { field: "senderName", before: "Second sender", after: original.sender_name },
    ]);
    expect(ce!.changes).toEqual([{ field: "title", before: "First title", after: "Third title" }]);
    expect(ce!.error?.code).toBe("CONFLICT");
    expect(ae!.createdBy?.email).toBe("operator@batchdesk.local");
    expect(history.entries.every((e) => e.access === "full" && e.appliedAt.getTime() >= e.createdAt.getTime())).toBe(true);
    // Only finished batches that wrote the row may have it reverted; a revert is not itself reverted.
    expect(history.entries.map((e) => e.revertible)).toEqual([false, false, true, true]);
    // The other row of batch A has its own history, without B, the revert or C.
    expect((await operator.resources.history({ resource: "letters", id: other })).entries.map((e) => e.batchId)).toEqual([a.done.id]);
    // An admin sees the same timeline in full.
    expect((await admin.resources.history({ resource: "letters", id: row })).entries.map((e) => [e.batchId, e.access])).toEqual(history.entries.map((e) => [e.batchId, "full"]));
  });

  it("shows another user's batches with limited detail: no batch, who or values, and no sensitive field to a viewer", async () => {
    const row = mine[2]!;
    const done = (await runOperation(operator, update([row], [{ field: "title", value: "Private title" }, { field: "senderName", value: "Private sender" }]))).done;
    const seen = await operator2.resources.history({ resource: "letters", id: row });
    expect(seen.entries).toHaveLength(1);
    expect(seen.entries[0]).toMatchObject({
      access: "limited",
      batchId: null,
      operation: null,
      createdBy: null,
      via: null,
      operationType: "update",
      result: "succeeded",
      revertible: false,
      changes: [{ field: "title" }, { field: "senderName" }],
    });
    expect(JSON.stringify(seen)).not.toContain("Private");
    expect(JSON.stringify(seen)).not.toContain(done.id);
    const byViewer = await viewer.resources.history({ resource: "letters", id: row });
    expect(byViewer.entries[0]!.changes).toEqual([{ field: "title" }]);
    // Someone else's batch stays NOT_FOUND by id, and so does reverting its row.
    expect((await errorOf(operator2.batch.revertRow({ batchId: done.id, rowId: row }))).code).toBe("NOT_FOUND");
  });

  it("follows a script's batch through its token, and a row of another resource with the same id is not mixed in", async () => {
    const row = mine[3]!;
    const other = await operator.resources.history({ resource: "products", id: row });
    const token = await tokenOf("operator", ["read", "batches"], { name: "history script" });
    const { done } = await runOperation(await callerWithToken(token.token), update([row], [{ field: "title", value: "Once" }]));
    const [entry] = (await operator.resources.history({ resource: "letters", id: row })).entries;
    expect(entry).toMatchObject({ batchId: done.id, via: `token:${token.id}`, createdBy: { email: "operator@batchdesk.local" } });
    expect((await operator.resources.history({ resource: "products", id: row })).entries).toEqual(other.entries);
    expect((await operator.resources.history({ resource: "letters", id: row, limit: 1 })).entries).toHaveLength(1);
  });
});

describe("revert this row", () => {
  it("restores that batch's before-image for the one row through a previewed one-row batch", async () => {
    const [row, kept] = [mine[4]!, mine[5]!];
    const before = await rowsById("letters", [row, kept]);
    const { done } = await runOperation(operator, update([row, kept], [{ field: "title", value: "Changed twice" }]));
    const preview = await operator.batch.revertRow({ batchId: done.id, rowId: row });
    expect(preview).toMatchObject({ state: "previewed", origin: "revert", parentId: done.id, operation: { type: "revert", of: done.id, rowId: row } });
    expect(preview.preview).toMatchObject({ total: 1, willChange: 1, invalid: 0 });
    const [item] = await allItems(operator, preview.id);
    expect(item).toMatchObject({ rowId: row, before: { title: "Changed twice" }, after: { title: before.get(row)!.title } });
    const finished = await commitAndRun(operator, preview.id);
    expect(finished.progress.counts.succeeded).toBe(1);
    const after = await rowsById("letters", [row, kept]);
    expect(after.get(row)!.title).toBe(before.get(row)!.title);
    expect(after.get(kept)!.title).toBe("Changed twice");
    expect((await operator.resources.history({ resource: "letters", id: row })).entries[0]).toMatchObject({ batchId: preview.id, origin: "revert", result: "succeeded" });
  });

  it("reports a conflict in its preview when the row changed since the batch wrote it, and writes nothing", async () => {
    const row = mine[6]!;
    const { done } = await runOperation(operator, update([row], [{ field: "title", value: "Written by the batch" }]));
    await editBehindTheBatch("letters", [row], "title = 'Edited since'");
    const preview = await operator.batch.revertRow({ batchId: done.id, rowId: row });
    expect(preview.preview).toMatchObject({ total: 1, willChange: 0, invalid: 1 });
    const [item] = await allItems(operator, preview.id);
    expect(item!.errors?.[0]?.code).toBe("CONFLICT");
    await commitAndRun(operator, preview.id);
    expect((await rowsById("letters", [row])).get(row)!.title).toBe("Edited since");
  });

  it("refuses a row the batch did not change", async () => {
    const { done } = await runOperation(operator, update([mine[7]!], [{ field: "title", value: "Only this one" }]));
    expect((await errorOf(operator.batch.revertRow({ batchId: done.id, rowId: mine[8]! }))).code).toBe("BAD_REQUEST");
  });
});

describe("through the REST API", () => {
  it("GET /resources/{resource}/{id}/history answers the timeline; POST …/rows/{rowId}/revert previews a row revert", async () => {
    const row = mine[9]!;
    const token = (await tokenOf("operator", ["read", "batches"], { name: "history rest" })).token;
    const { done } = await runOperation(operator, update([row], [{ field: "title", value: "Via REST history" }]));
    const got = await rest("GET", `/resources/letters/${row}/history?limit=5`, { token });
    expect(got.status, got.text).toBe(200);
    expect(got.json).toMatchObject({ resource: "letters", id: row, more: false, entries: [{ batchId: done.id, result: "succeeded", changes: [{ field: "title", after: "Via REST history" }] }] });
    const bad = await rest("GET", `/resources/letters/not-a-row/history`, { token });
    expect([bad.status, restCode(bad)]).toEqual([400, "BAD_REQUEST"]);
    const reverted = await rest("POST", `/batches/${done.id}/rows/${row}/revert`, { token });
    expect(reverted.status, reverted.text).toBe(201);
    expect(reverted.json).toMatchObject({ state: "previewed", origin: "revert", operation: { type: "revert", of: done.id, rowId: row }, preview: { total: 1, willChange: 1 } });
  });
});
