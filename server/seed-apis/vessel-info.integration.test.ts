import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as bulkCreate from "../../app/api/vessel-info/bulk-create/route";
import * as bulkDelete from "../../app/api/vessel-info/bulk-delete/route";
import * as bulkQuery from "../../app/api/vessel-info/bulk-query/route";
import * as bulkUpdate from "../../app/api/vessel-info/bulk-update/route";
import { appOrigin, cookieAs, routeHttp, type HttpReply } from "../../tests/helpers/http";
import { withInProcessWorker } from "../../tests/helpers/in-process-worker";
import { seedRows, userId } from "../../tests/helpers/seed";
import { expectLikeSeedExample } from "../../tests/helpers/seed-envelope";
import * as seed from "../../tests/seed-examples/001-vessel-info";
import { pool } from "../db";

type Who = "admin" | "operator" | "operator2" | "viewer";
const cookies = {} as Record<Who, string>;

beforeAll(async () => {
  await seedRows({ vesselSchedules: 20 });
  for (const who of ["admin", "operator", "operator2", "viewer"] as const) cookies[who] = await cookieAs(who);
});

afterEach(() => {
  delete process.env.VESSEL_INFO_MAX_ITEMS;
  delete process.env.VESSEL_INFO_WAIT_SECONDS;
});

const ROUTES = { POST: ["bulk-create", bulkCreate], PATCH: ["bulk-update", bulkUpdate], DELETE: ["bulk-delete", bulkDelete] } as const;

/** A write to a seed-001 route as a signed-in user, with a worker running. */
function write(method: keyof typeof ROUTES, who: Who | null, body: unknown, init: { contentType?: string; raw?: string } = {}): Promise<HttpReply> {
  const [path, mod] = ROUTES[method];
  const headers: Record<string, string> = { origin: appOrigin(), "content-type": init.contentType ?? "application/json" };
  if (who) headers.cookie = cookies[who];
  const req = new Request(`${appOrigin()}/api/vessel-info/${path}/`, { method, headers, body: init.raw ?? JSON.stringify(body) });
  return withInProcessWorker(() => routeHttp(mod, method, req));
}

function query(who: Who | null, params: Record<string, unknown>): Promise<HttpReply> {
  const search = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
  const headers: Record<string, string> = who ? { cookie: cookies[who] } : {};
  return routeHttp(bulkQuery, "GET", new Request(`${appOrigin()}/api/vessel-info/bulk-query/?${search}`, { headers }));
}

const idsOf = async (...vessels: string[]) =>
  (await pool().query<{ id: number }>("SELECT id FROM vessel_schedules WHERE vessel = ANY($1) ORDER BY array_position($1, vessel)", [vessels])).rows.map((r) => r.id) as [number, number];
const body = (r: HttpReply) => r.json as { success: boolean; message: string; data: Record<string, unknown> | null; code?: string; details?: Record<string, unknown> };

// Fields the seed lists in its field table but leaves out of its examples, and the batch behind each write.
const RECORD_EXTRA = ["gp_40", "hq_20", "ot_20", "ot_40", "rf_20", "rf_40", "remark", "batch_id"];
const ERROR_EXTRA = ["code", "request_id", "details"];

describe("seed 001: the printed requests, replayed", () => {
  it("answers the Python example's record (no cut-off) with a failed index naming cut_off_time, which our schedules require", async () => {
    const r = await write("POST", "admin", { data: seed.CREATE_PY_DATA });
    expect(r.status).toBe(200);
    const data = body(r).data!;
    expect(body(r).message).toBe("批量创建完成: 0/1 成功");
    expect(data.summary).toEqual({ total_requests: 1, success_count: 0, failed_count: 1 });
    expect(data.failed).toEqual([
      {
        index: 0,
        success: false,
        error: "Cut-off is required.",
        error_code: "CONSTRAINT_VIOLATION",
        errors: [{ code: "CONSTRAINT_VIOLATION", field: "cut_off_time", message: "Cut-off is required." }],
        data: seed.CREATE_PY_DATA[0],
      },
    ]);
  });

  it("creates, queries, updates and deletes the seed's two records, each answer shaped and valued as the seed prints it", async () => {
    const created = await write("POST", "admin", seed.CREATE_BODY);
    expect(created.status).toBe(200);
    const ids = await idsOf("EVER GIVEN", "COSCO ASIA");
    expectLikeSeedExample(created.json, seed.CREATE_RESPONSE(ids), RECORD_EXTRA);

    const queried = await query("viewer", { queries: seed.QUERY_CONDITIONS });
    expect(queried.status).toBe(200);
    expectLikeSeedExample(queried.json, seed.QUERY_RESPONSE(ids), RECORD_EXTRA);

    const js = await query("viewer", seed.QUERY_JS_EXAMPLE);
    const projected = seed.QUERY_RESPONSE(ids);
    for (const r of projected.data.results) {
      r.matches = r.matches.map(({ id, vessel, voyage, price, gp_20, hq_40 }) => ({ id, vessel, voyage, price, gp_20, hq_40 })) as typeof r.matches;
    }
    expectLikeSeedExample(js.json, projected);

    const param = await query("viewer", seed.QUERY_PARAM_EXAMPLE);
    expect(body(param).data).toEqual({ count: 1, next: null, previous: null, results: [{ query_index: 0, count: 1, matches: [{ id: ids[0], vessel: "EVER GIVEN", voyage: "2501E", price: 4200 }] }] });

    const updated = await write("PATCH", "admin", seed.UPDATE_BODY);
    expect(updated.status).toBe(200);
    expectLikeSeedExample(updated.json, seed.UPDATE_RESPONSE(ids), RECORD_EXTRA);

    const deleted = await write("DELETE", "admin", seed.DELETE_BY_KEYS_BODY);
    expect(deleted.status).toBe(200);
    expectLikeSeedExample(deleted.json, seed.DELETE_RESPONSE(ids), ["batch_id"]);
    expect(await idsOf("EVER GIVEN", "COSCO ASIA")).toEqual([]);
  });

  it("deletes by item_ids, answering each id with its key", async () => {
    const keys = await pool().query("SELECT id, carrier, vessel FROM vessel_schedules WHERE id = ANY('{1,2,3}') ORDER BY id");
    const r = await write("DELETE", "admin", seed.DELETE_BY_IDS_BODY);
    expect(r.status).toBe(200);
    const data = body(r).data!;
    expect(body(r).message).toBe("批量删除完成: 3/3 成功");
    expect((data.deleted as { index: number; data: Record<string, unknown> }[]).map((d) => [d.index, d.data.id, d.data.carriercd, d.data.vessel])).toEqual(
      keys.rows.map((k, i) => [i, k.id, k.carrier, k.vessel]),
    );
    expect(Object.keys((data.deleted as { data: object }[])[0]!.data).sort()).toEqual(["carriercd", "id", "podCd", "polCd", "vessel", "voyage"]);
  });

  it("answers the seed's three errors in its envelope, with our code beside the message", async () => {
    const forbidden = await write("POST", "viewer", seed.CREATE_BODY);
    expect(forbidden.status).toBe(403);
    expectLikeSeedExample(forbidden.json, seed.FORBIDDEN_RESPONSE, ERROR_EXTRA);
    expect(body(forbidden).code).toBe("FORBIDDEN");

    const notArray = await write("POST", "operator", { data: seed.CREATE_BODY.data[0] });
    expect(notArray.status).toBe(400);
    expectLikeSeedExample(notArray.json, seed.NOT_AN_ARRAY_RESPONSE, ERROR_EXTRA);
    expect(body(notArray).code).toBe("BAD_REQUEST");

    const many = Array.from({ length: 101 }, (_, i) => ({ ...seed.CREATE_BODY.data[0], voyage: `V${i}` }));
    const over = await write("POST", "operator", { data: many });
    expect(over.status).toBe(400);
    expectLikeSeedExample(over.json, seed.OVER_LIMIT_RESPONSE, ERROR_EXTRA);
    expect(body(over)).toMatchObject({ code: "BAD_REQUEST", details: { code: "ROW_LIMIT_EXCEEDED", rows: 101, limit: 100 } });
  });
});

describe("seed 001: limits, waiting and bad input", () => {
  it("takes its record limit from VESSEL_INFO_MAX_ITEMS, for every operation", async () => {
    process.env.VESSEL_INFO_MAX_ITEMS = "1";
    expect(body(await write("PATCH", "admin", seed.UPDATE_BODY)).message).toBe("一次最多更新1条记录");
    expect(body(await write("DELETE", "admin", seed.DELETE_BY_IDS_BODY)).message).toBe("一次最多删除1条记录");
    expect(body(await query("viewer", { queries: seed.QUERY_CONDITIONS })).message).toBe("一次最多查询1条记录");
  });

  it("answers 202 with the pending indexes and the batch id when the worker does not finish within the wait", async () => {
    process.env.VESSEL_INFO_WAIT_SECONDS = "0";
    const req = new Request(`${appOrigin()}/api/vessel-info/bulk-update/`, {
      method: "PATCH",
      headers: { origin: appOrigin(), cookie: cookies.admin, "content-type": "application/json" },
      body: JSON.stringify({ data: [{ ...(await keyOf(4)), remark: "later" }] }),
    });
    const r = await routeHttp(bulkUpdate, "PATCH", req);
    expect(r.status).toBe(202);
    expect(body(r)).toMatchObject({ success: true, message: "批量更新仍在处理中: 0/1 已完成", data: { updated: [], failed: [], pending: [0], summary: { total_requests: 1, success_count: 0, failed_count: 0, pending_count: 1 } } });
    const { rows } = await pool().query("SELECT state, operation FROM batches WHERE id = $1", [body(r).data!.batch_id]);
    expect(rows[0]).toMatchObject({ state: "queued", operation: { type: "updateByKey" } });
  });

  it("refuses malformed requests with 4xx in the seed's envelope, never a 500", async () => {
    const cases: [string, Promise<HttpReply>, number, string][] = [
      ["unknown field", write("POST", "admin", { data: [{ ...seed.CREATE_BODY.data[0], colour: "red" }] }), 400, 'data.0: Unrecognized key: "colour"'],
      ["empty list", write("POST", "admin", { data: [] }), 400, "data字段不能为空"],
      ["not an object", write("POST", "admin", [1]), 400, "请求体必须是JSON对象"],
      ["not JSON", write("POST", "admin", null, { raw: "{data:" }), 400, "The body is not valid JSON."],
      ["wrong content type", write("POST", "admin", null, { raw: "data=1", contentType: "text/plain" }), 415, "Send the body as application/json."],
      ["NUL in a value", write("PATCH", "admin", { data: [{ carriercd: "ONE\u0000" }] }), 400, "data.0.carriercd: Text cannot contain a NUL character (\\u0000)."],
      ["object as a value", write("PATCH", "admin", { data: [{ carriercd: { a: 1 } }] }), 400, ""],
      ["keys and ids", write("DELETE", "admin", { items: [], item_ids: [1] }), 400, "请提供items或item_ids其中之一"],
      ["a delete key with other fields", write("DELETE", "admin", { items: [{ carriercd: "ONE", price: 1 }] }), 400, 'items.0: Unrecognized key: "price"'],
      ["repeated ids", write("DELETE", "admin", { item_ids: [5, 5] }), 400, "item_ids: item_ids中有重复的ID"],
      ["queries missing", query("viewer", {}), 400, "queries参数是必需的"],
      ["queries not JSON", query("viewer", { queries: "[{" }), 400, "queries参数必须是JSON格式的数组"],
      ["empty query", query("viewer", { queries: [{}] }), 400, "queries.0: 每个查询条件至少需要一个字段"],
      ["unknown query field", query("viewer", { queries: [{ port: "CNSHA" }] }), 400, 'queries.0: Unrecognized key: "port"'],
      ["unknown projection", query("viewer", { queries: seed.QUERY_CONDITIONS, fields: "id,colour" }), 400, "fields中有未知字段: colour"],
      ["page size 0", query("viewer", { queries: seed.QUERY_CONDITIONS, page_size: "0" }), 400, ""],
      ["unknown parameter", query("viewer", { queries: seed.QUERY_CONDITIONS, sort: "id" }), 400, "未知参数: sort"],
      ["a wrongly typed condition", query("viewer", { queries: [{ gp_20: "many" }] }), 400, "Filter on GP20: GP20 must be a whole number."],
    ];
    for (const [what, call, status, message] of cases) {
      const r = await call;
      expect([what, r.status], r.text).toEqual([what, status]);
      expect(body(r).success, what).toBe(false);
      expect(body(r).data, what).toBeNull();
      if (message) expect(body(r).message, what).toBe(message);
    }
  });

  it("reports a value of the wrong type or a broken rule at its index, applying the others", async () => {
    const key = await keyOf(6);
    const r = await write("PATCH", "admin", { data: [{ ...key, gp_20: "many" }, { ...key, polCd: "nowhere", hq_40: "1" }, { ...(await keyOf(7)), hq_40: "3" }] });
    const data = body(r).data!;
    expect(data.summary).toEqual({ total_requests: 3, success_count: 1, failed_count: 2 });
    expect((data.failed as { index: number; error_code: string; errors: { field: string }[] }[]).map((f) => [f.index, f.error_code, f.errors[0]!.field])).toEqual([
      [0, "FIELD_TYPE_MISMATCH", "gp_20"],
      [1, "NOT_FOUND", null],
    ]);
    expect((data.updated as { index: number; data: { hq_40: string } }[]).map((u) => [u.index, u.data.hq_40])).toEqual([[2, "3"]]);
  });
});

/** A row's natural key in the seed's names. */
async function keyOf(id: number) {
  const { rows } = await pool().query<Record<string, string>>(
    `SELECT carrier AS carriercd, port_of_loading AS "polCd", port_of_discharge AS "podCd", vessel, voyage FROM vessel_schedules WHERE id = $1`,
    [id],
  );
  return rows[0]!;
}

describe("seed 001: who may do what", () => {
  it("lets every role query and nobody anonymous", async () => {
    for (const who of ["viewer", "operator", "admin"] as const) expect((await query(who, { queries: [{ id: 8 }] })).status).toBe(200);
    const anonymous = await query(null, { queries: [{ id: 8 }] });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toMatchObject({ success: false, message: "Please sign in.", data: null, code: "UNAUTHORIZED" });
  });

  it("lets operators create rows (theirs) and update only their own; someone else's row fails its index", async () => {
    const [me, other] = [await userId("operator"), await userId("operator2")];
    await pool().query("UPDATE vessel_schedules SET owner_id = CASE id WHEN 9 THEN $1 ELSE $2 END WHERE id IN (9, 10)", [me, other]);
    const created = await write("POST", "operator", { data: [{ ...seed.CREATE_BODY.data[0], vessel: "OPERATOR STAR" }] });
    expect(body(created).data!.summary).toMatchObject({ success_count: 1 });
    expect((await pool().query("SELECT owner_id FROM vessel_schedules WHERE vessel = 'OPERATOR STAR'")).rows[0]!.owner_id).toBe(me);

    const r = await write("PATCH", "operator", { data: [{ ...(await keyOf(9)), remark: "mine" }, { ...(await keyOf(10)), remark: "theirs" }] });
    const data = body(r).data!;
    expect((data.updated as { index: number }[]).map((u) => u.index)).toEqual([0]);
    expect((data.failed as { index: number; error_code: string }[]).map((f) => [f.index, f.error_code])).toEqual([[1, "PERMISSION_DENIED"]]);
  });

  it("keeps deletes to admins, and updates away from viewers, answering in the seed's words", async () => {
    const del = await write("DELETE", "operator", { item_ids: [11] });
    expect(del.status).toBe(403);
    expect(body(del)).toMatchObject({ success: false, message: "没有权限删除船舶额外信息", data: null, code: "FORBIDDEN", details: { reason: "This action needs the admin role." } });
    const upd = await write("PATCH", "viewer", { data: [{ ...(await keyOf(11)), remark: "x" }] });
    expect(body(upd)).toMatchObject({ success: false, message: "没有权限更新船舶额外信息", code: "FORBIDDEN" });
    expect((await pool().query("SELECT 1 FROM vessel_schedules WHERE id = 11")).rowCount).toBe(1);
  });
});
