import { beforeAll, describe, expect, it } from "vitest";
import * as route from "../../app/api/doc/[docType]/[docId]/data/bulk/route";
import { tableDigest } from "../../tests/helpers/batch";
import { runToEnd } from "../../tests/helpers/run-batch";
import { appOrigin, cookieAs, routeHttp, type HttpReply } from "../../tests/helpers/http";
import { seedRows, userId } from "../../tests/helpers/seed";
import * as seed from "../../tests/seed-examples/002-bulk-update";
import { userActor, type ActingUser } from "../auth/actor";
import { commitBatch } from "../batches/commit";
import { pool } from "../db";
import { DELETE_REASON } from "./bulk-update";

type Who = "admin" | "operator" | "viewer";
const cookies = {} as Record<Who, string>;

beforeAll(async () => {
  await seedRows({ products: 40, letters: 5 });
  for (const who of ["admin", "operator", "viewer"] as const) cookies[who] = await cookieAs(who);
});

function call(who: Who, body: unknown, opts: { docType?: string; docId?: string; query?: string } = {}): Promise<HttpReply> {
  const [docType, docId] = [opts.docType ?? "resources", opts.docId ?? "products"];
  const req = new Request(`${appOrigin()}/api/doc/${docType}/${docId}/data/bulk${opts.query ?? ""}`, {
    method: "POST",
    headers: { origin: appOrigin(), cookie: cookies[who], "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return routeHttp(route, "POST", req, { docType, docId });
}

type Change = { type: string; operation: string; targetId: number | null; outcome: string; before: Record<string, unknown> | null; data: Record<string, unknown> | null; errors: { code: string; field: string | null }[] };
type Batch = { index: number; batchId: string; operation: string; state: string; preview: { total: number; willChange: number; invalid: number; fieldsTouched: string[] }; changes: Change[]; changesTotal: number };
type Ok = { success: true; data: { requestId: null; status: string; batches: Batch[]; summary: Record<string, number> } };
type Failed = { success: false; error: { code: string; appCode: string; message: string; details?: Record<string, unknown>; requestId: string } };
const ok = (r: HttpReply) => {
  expect(r.status, r.text).toBe(200);
  return (r.json as Ok).data;
};
const failed = (r: HttpReply) => r.json as Failed;

/** Three products of `owner` (made so for the test), lowest ids first, all active with stock. */
async function products(from: number, owner = "admin"): Promise<[number, number, number]> {
  const ids: [number, number, number] = [from, from + 1, from + 2];
  await pool().query("UPDATE products SET owner_id = $2, status = 'active', deleted_at = NULL WHERE id = ANY($1::int4[])", [ids, await userId(owner)]);
  return ids;
}
const row = async (id: number) => (await pool().query("SELECT * FROM products WHERE id = $1", [id])).rows[0]!;

describe("seed 002: the printed BulkUpdates, replayed", () => {
  it("previews each as one batch with every row's before → after, committing nothing", async () => {
    const r = await products(1);
    const digest = await tableDigest("products");
    const before = await Promise.all(r.map(row));
    const data = ok(await call("admin", [seed.SINGLE_FIELD(r), seed.WHOLE_ROW(r), seed.ROWS_SAME_VALUE(r), seed.ROWS_DIFFERENT_VALUES(r), seed.DELETE_ROW(r), seed.DELETE_ROWS(r)]));
    expect(data).toMatchObject({ requestId: null, status: "previewed" });
    expect(data.batches.map((b) => [b.index, b.operation, b.state, b.preview.total, b.changesTotal])).toEqual([
      [0, "update", "previewed", 1, 1],
      [1, "update", "previewed", 1, 1],
      [2, "update", "previewed", 3, 3],
      [3, "updatePerRow", "previewed", 3, 3],
      [4, "softDelete", "previewed", 1, 1],
      [5, "softDelete", "previewed", 2, 2],
    ]);
    expect(data.batches[0]!.changes).toEqual([
      { type: "row", operation: "update", targetId: r[0], outcome: "will_change", before: { price: Number(before[0]!.price) }, data: { price: 99.99 }, errors: [] },
    ]);
    expect(data.batches[1]!.changes[0]!.data).toEqual({ price: 99.99, name: "iPhone 15", stock: 50 });
    // They are active already: the same value is no change.
    expect(data.batches[2]!.changes.map((c) => c.outcome)).toEqual(["unchanged", "unchanged", "unchanged"]);
    expect(data.batches[3]!.changes.map((c) => [c.targetId, c.data])).toEqual([
      [r[0], { price: 99.99 }],
      [r[1], { price: 88.88 }],
      [r[2], { price: 77.77 }],
    ]);
    expect(data.batches[5]!.changes.map((c) => [c.targetId, c.data?.deleteReason])).toEqual([
      [r[0], DELETE_REASON],
      [r[1], DELETE_REASON],
    ]);
    expect(data.summary).toEqual({ batches: 6, total: 11, willChange: 8, unchanged: 3, invalid: 0 });
    expect(await tableDigest("products")).toBe(digest);
    const states = await pool().query("SELECT DISTINCT state FROM batches WHERE id = ANY($1::uuid[])", [data.batches.map((b) => b.batchId)]);
    expect(states.rows).toEqual([{ state: "previewed" }]);
  });

  it("previews a delete by condition over the rows it matches", async () => {
    await pool().query("UPDATE products SET status = 'inactive', deleted_at = NULL WHERE id IN (10, 11)");
    const inactive = (await pool().query<{ id: number }>("SELECT id FROM products WHERE status = 'inactive' AND deleted_at IS NULL AND archived_at IS NULL ORDER BY id")).rows.map((x) => x.id);
    const data = ok(await call("admin", [seed.DELETE_BY_CONDITION]));
    expect(data.batches[0]).toMatchObject({ operation: "softDelete", preview: { total: inactive.length } });
    expect(data.batches[0]!.changes.map((c) => c.targetId)).toEqual(inactive);
  });

  it("answers the condition update on a field products do not have with FIELD_NOT_FOUND; adapted to status, it previews", async () => {
    const r = await call("admin", [seed.UPDATE_BY_CONDITION]);
    expect(r.status).toBe(422);
    expect(failed(r).error).toMatchObject({ code: "FIELD_NOT_FOUND", appCode: "UNPROCESSABLE_CONTENT", details: { index: 0, field: "reviewStatus" } });
    const adapted = { ...seed.UPDATE_BY_CONDITION, target: { ...seed.UPDATE_BY_CONDITION.target, field: "status", condition: { logic: "and", conditions: [{ field: "status", operator: "eq", value: "inactive" }] } }, value: "active" };
    const data = ok(await call("admin", [adapted]));
    expect(data.batches[0]!.changes.every((c) => c.before?.status === "inactive" && c.data?.status === "active")).toBe(true);
  });

  it("refuses property targets (resources have no document properties), alone or mixed, creating no batch", async () => {
    const count = async () => (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM batches")).rows[0]!.n;
    const n = await count();
    for (const [body, index] of [[[seed.ONE_PROPERTY], 0], [[seed.PROPERTIES], 0], [seed.MIXED(await products(13)), 1]] as const) {
      const r = await call("admin", body);
      expect(r.status).toBe(400);
      expect(failed(r).error).toMatchObject({ code: "UNSUPPORTED_TARGET", appCode: "BAD_REQUEST", details: { index } });
    }
    expect(await count()).toBe(n);
  });
});

describe("seed 002: validation against the field metadata", () => {
  it("refuses values and targets that cannot be a batch with the seed's codes and the BulkUpdate's index", async () => {
    const r = await products(16);
    const cases: [string, unknown, number, string, Record<string, unknown>][] = [
      ["wrong type", [seed.SINGLE_FIELD(r), { target: { row: r[0], field: "stock" }, value: "many" }], 422, "FIELD_TYPE_MISMATCH", { index: 1, field: "stock" }],
      ["object for one field", [{ target: { row: r[0], field: "price" }, value: { a: 1 } }], 422, "FIELD_TYPE_MISMATCH", { index: 0, field: "price" }],
      ["list for a text field", [{ target: { row: r[0], field: "name" }, value: ["a"] }], 422, "FIELD_TYPE_MISMATCH", { index: 0, field: "name" }],
      ["read-only field", [{ target: { row: r[0] }, value: { version: 9 } }], 422, "CONSTRAINT_VIOLATION", { index: 0, field: "version" }],
      ["unknown field", [{ target: { rows: r }, value: { colour: "red" } }], 422, "FIELD_NOT_FOUND", { index: 0, field: "colour" }],
      ["two ways of naming rows", [{ target: { row: r[0], rows: r, field: "price" }, value: 1 }], 400, "INVALID_TARGET", { index: 0 }],
      ["no rows named", [{ target: { field: "price" }, value: 1 }], 400, "INVALID_TARGET", { index: 0 }],
      ["a delete with a value", [{ target: { row: r[0], delete: true }, value: 1 }], 400, "INVALID_TARGET", { index: 0 }],
      ["no value", [{ target: { row: r[0], field: "price" } }], 400, "INVALID_VALUE", { index: 0 }],
      ["a scalar without a field", [{ target: { row: r[0] }, value: 5 }], 400, "INVALID_VALUE", { index: 0 }],
      ["values not one per row", [{ target: { rows: r, field: "price" }, value: [1, 2] }], 400, "INVALID_VALUE", { index: 0 }],
      ["condition on an unknown field", [seed.SINGLE_FIELD(r), { target: { condition: { logic: "and", conditions: [{ field: "colour", operator: "eq", value: 1 }] }, delete: true } }], 400, "BAD_REQUEST", { index: 1 }],
    ];
    for (const [what, body, status, code, details] of cases) {
      const res = await call("admin", body);
      expect([what, res.status], res.text).toEqual([what, status]);
      expect(failed(res).success, what).toBe(false);
      expect(failed(res).error, what).toMatchObject({ code, details });
    }
    // The engine refused the second BulkUpdate of the last case after planning the first: that one was discarded.
    const { rows } = await pool().query("SELECT state FROM batches ORDER BY created_at DESC LIMIT 1");
    expect(rows[0]).toEqual({ state: "discarded" });
  });

  it("reports rules a row's new value breaks as CONSTRAINT_VIOLATION on that row's change", async () => {
    const r = await products(19);
    await pool().query("UPDATE products SET status = 'discontinued' WHERE id = $1", [r[2]]);
    const data = ok(await call("admin", [{ target: { rows: r, field: "price" }, value: [-1, 5, 5] }, { target: { rows: r, field: "status" }, value: "inactive" }]));
    expect(data.batches[0]!.changes.map((c) => c.errors.map((e) => `${e.code}:${e.field}`))).toEqual([["CONSTRAINT_VIOLATION:price"], [], []]);
    expect(data.batches[1]!.changes.map((c) => c.errors.map((e) => e.code))).toEqual([[], [], ["INVALID_TRANSITION"]]);
    expect(data.summary).toMatchObject({ invalid: 2 });
  });

  it("refuses malformed bodies and unknown documents or change requests with 4xx, never a 500", async () => {
    const r = await products(22);
    const deep = { logic: "and", conditions: [{ logic: "and", conditions: [{ logic: "and", conditions: [{ logic: "and", conditions: [{ logic: "and", conditions: [{ field: "price", operator: "eq", value: 1 }] }] }] }] }] };
    const cases: [string, Promise<HttpReply>, number, string][] = [
      ["not an array", call("admin", { target: { row: r[0] } }), 400, "BAD_REQUEST"],
      ["empty", call("admin", []), 400, "BAD_REQUEST"],
      ["too many", call("admin", Array.from({ length: 101 }, () => seed.SINGLE_FIELD(r))), 400, "BAD_REQUEST"],
      ["a seed-style row id", call("admin", [{ target: { row: "row-1", field: "price" }, value: 1 }]), 400, "BAD_REQUEST"],
      ["an unknown target key", call("admin", [{ target: { row: r[0], column: "price" }, value: 1 }]), 400, "BAD_REQUEST"],
      ["an unknown operator", call("admin", [{ target: { condition: { logic: "and", conditions: [{ field: "price", operator: "like", value: 1 }] }, delete: true } }]), 400, "BAD_REQUEST"],
      ["a condition too deep", call("admin", [{ target: { condition: deep }, delete: true }]), 400, "BAD_REQUEST"],
      ["NUL in a value", call("admin", [{ target: { row: r[0], field: "name" }, value: "a\u0000b" }]), 400, "BAD_REQUEST"],
      ["unknown document type", call("admin", [seed.SINGLE_FIELD(r)], { docType: "sheets" }), 404, "DOC_TYPE_UNKNOWN"],
      ["unknown document", call("admin", [seed.SINGLE_FIELD(r)], { docId: "spaceships" }), 404, "DOC_NOT_FOUND"],
      ["a change request", call("admin", [seed.SINGLE_FIELD(r)], { query: "?requestId=req-1" }), 404, "REQUEST_NOT_FOUND"],
      ["an unknown parameter", call("admin", [seed.SINGLE_FIELD(r)], { query: "?dryRun=false" }), 400, "BAD_REQUEST"],
    ];
    for (const [what, pending, status, code] of cases) {
      const res = await pending;
      expect([what, res.status], res.text).toEqual([what, status]);
      expect(failed(res).error.code, what).toBe(code);
    }
    // A row id as digits is a row id.
    expect(ok(await call("admin", [{ target: { row: String(r[0]), field: "stock" }, value: 3 }])).batches[0]!.changes[0]!.targetId).toBe(r[0]);
  });
});

describe("seed 002: who may do what", () => {
  it("keeps viewers out, and plans an operator's change to someone else's row as invalid", async () => {
    const viewer = await call("viewer", [seed.SINGLE_FIELD(await products(25))]);
    expect(viewer.status).toBe(403);
    expect(failed(viewer).error).toMatchObject({ code: "FORBIDDEN", appCode: "FORBIDDEN" });

    const mine = await products(28, "operator");
    const theirs = await products(31, "operator2");
    const data = ok(await call("operator", [{ target: { rows: [mine[0], theirs[0]], field: "stock" }, value: 7 }, { target: { rows: [mine[1], theirs[1]], delete: true } }]));
    for (const b of data.batches) expect(b.changes.map((c) => [c.targetId, c.errors.map((e) => e.code)])).toEqual([[b.changes[0]!.targetId, []], [b.changes[1]!.targetId, ["PERMISSION_DENIED"]]]);
    expect(data.batches.map((b) => b.changes.map((c) => c.targetId))).toEqual([[mine[0], theirs[0]], [mine[1], theirs[1]]]);
  });

  it("lets the batches be committed later like any other, by whoever planned them", async () => {
    const r = await products(34);
    const data = ok(await call("admin", [{ target: { row: r[0] }, value: { stock: 1234 } }]));
    const admin = (await pool().query<ActingUser>("SELECT id, email, name, role FROM users WHERE email = 'admin@batchdesk.local'")).rows[0]!;
    await commitBatch(userActor(admin), data.batches[0]!.batchId);
    await runToEnd(data.batches[0]!.batchId);
    expect((await row(r[0])).stock).toBe(1234);
  });
});
