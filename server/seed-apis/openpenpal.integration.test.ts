import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as adminCleanupRoute from "../../app/api/batch/admin/cleanup/route";
import * as adminJobsRoute from "../../app/api/batch/admin/jobs/route";
import * as archiveRoute from "../../app/api/batch/archive/route";
import * as bulkCreateRoute from "../../app/api/batch/bulk-create/route";
import * as executeRoute from "../../app/api/batch/execute/route";
import * as exportDownloadRoute from "../../app/api/batch/export/[id]/route";
import * as exportRoute from "../../app/api/batch/export/route";
import * as healthRoute from "../../app/api/batch/health/route";
import * as cancelRoute from "../../app/api/batch/jobs/[id]/cancel/route";
import * as jobRoute from "../../app/api/batch/jobs/[id]/route";
import * as lettersDeleteRoute from "../../app/api/batch/letters/delete/route";
import * as lettersStatusRoute from "../../app/api/batch/letters/status/route";
import * as productsDeleteRoute from "../../app/api/batch/products/delete/route";
import * as productsStatusRoute from "../../app/api/batch/products/status/route";
import * as restoreRoute from "../../app/api/batch/restore/route";
import * as validateRoute from "../../app/api/batch/validate/route";
import { runExportNow } from "../../tests/helpers/exports";
import { appOrigin, cookieAs, routeHttp, type HttpReply } from "../../tests/helpers/http";
import { runToEnd } from "../../tests/helpers/run-batch";
import { seedRows, userId } from "../../tests/helpers/seed";
import { expectSeedShape } from "../../tests/helpers/seed-shape";
import { callerAs } from "../../tests/helpers/session";
import { pool } from "../db";

// Seed 000 (OpenPenPal batch operations): every request body the seed prints, replayed with ids of
// seeded rows, and the replies checked against the seed's examples; then bad input, permissions and
// limits. The worker's part runs in this process while the request waits (`working`).

type Who = "admin" | "operator" | "operator2" | "viewer";
type Route = Record<string, unknown>;
const cookies = {} as Record<Who, string>;
let operatorId = "";
let operator2Id = "";

beforeAll(async () => {
  await seedRows({ letters: 400, products: 200 });
  for (const who of ["admin", "operator", "operator2", "viewer"] as const) cookies[who] = await cookieAs(who);
  [operatorId, operator2Id] = await Promise.all([userId("operator"), userId("operator2")]);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Runs every queued batch in this process, as a worker would, until `call` settles. */
async function working<T>(call: Promise<T>): Promise<T> {
  let settled = false;
  const result = call.finally(() => (settled = true));
  while (!settled) {
    const { rows } = await pool().query<{ id: string; kind: string }>("SELECT id, kind FROM batches WHERE state = 'queued' ORDER BY created_at");
    for (const b of rows) await (b.kind === "export" ? runExportNow(b.id) : runToEnd(b.id));
    await new Promise((r) => setTimeout(r, 30));
  }
  return result;
}

type Call = { who?: Who; body?: unknown; raw?: string; query?: string; params?: Record<string, string>; method?: string; contentType?: string };

function call(route: Route, path: string, c: Call = {}): Promise<HttpReply> {
  const method = c.method ?? (c.body !== undefined || c.raw !== undefined ? "POST" : "GET");
  const headers = new Headers();
  if (c.who) headers.set("cookie", cookies[c.who]);
  if (method !== "GET") headers.set("origin", appOrigin());
  const body = c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
  if (body !== undefined) headers.set("content-type", c.contentType ?? "application/json");
  const req = new Request(`${appOrigin()}${path}${c.query ? `?${c.query}` : ""}`, { method, headers, body });
  return working(routeHttp(route, method, req, c.params ?? {}));
}

const post = (route: Route, path: string, who: Who, body: unknown, query?: string) => call(route, path, { who, body, query });

/** Fresh rows of `table` owned by `owner` in `status`, made for one test. */
async function freshIds(table: "letters" | "products", owner: string, n: number, status?: string): Promise<string[]> {
  const cols =
    table === "letters"
      ? `title, content, status, owner_id) SELECT 'seed-' || g, 'text', coalesce($3, 'draft'), $1`
      : `name, sku, price, status, owner_id) SELECT 'seed-' || g, 'SEED-' || md5(random()::text || g)::varchar(10), 1, coalesce($3, 'active'), $1`;
  const { rows } = await pool().query<{ id: number }>(`INSERT INTO ${table} (${cols} FROM generate_series(1, $2) g RETURNING id`, [owner, n, status ?? null]);
  return rows.map((r) => String(r.id)).sort((a, b) => Number(a) - Number(b));
}

// The seed's examples, as printed.
const EXECUTE_EXAMPLE = {
  code: 0,
  msg: "批量操作执行成功",
  data: {
    operation_id: "uuid-string",
    operation: "delete",
    target_type: "letters",
    total_count: 2,
    success_count: 2,
    failure_count: 0,
    results: [{ target_id: "LETTER001", success: true, message: "Deleted successfully" }],
    started_at: "2024-01-20T10:00:00Z",
    completed_at: "2024-01-20T10:00:05Z",
    duration_ms: 5000,
    dry_run: false,
  },
};
const JOB_EXAMPLE = {
  code: 0,
  msg: "获取作业状态成功",
  data: {
    job_id: "uuid-string",
    status: "completed",
    progress: 100.0,
    current_item: null,
    estimated_remaining: null,
    created_at: "2024-01-20T10:00:00Z",
    updated_at: "2024-01-20T10:00:05Z",
    error_message: null,
  },
};
const HEALTH_EXAMPLE = {
  code: 0,
  msg: "批量操作服务运行正常",
  data: { status: "healthy", active_jobs: 0, supported_operations: ["delete", "update", "export", "..."], supported_targets: ["letters", "products", "..."], timestamp: "2024-01-20T10:00:00Z" },
};
const FAILED_RESULT_EXAMPLE = { target_id: "LETTER002", success: false, message: "权限不足", error_code: "PERMISSION_DENIED" };

const data = (r: HttpReply) => (r.json as { data: Record<string, unknown> }).data;
const results = (r: HttpReply) => data(r).results as { target_id: unknown; success: boolean; message: string; error_code?: string }[];
const rowOf = async (table: string, id: string) => (await pool().query(`SELECT * FROM ${table} WHERE id = $1`, [Number(id)])).rows[0] as Record<string, unknown>;

describe("the seed's requests, replayed", () => {
  it("1. POST /api/batch/execute deletes and answers the results inline, as the seed's example", async () => {
    const ids = await freshIds("letters", operatorId, 2);
    const r = await post(executeRoute, "/api/batch/execute", "operator", {
      operation: "delete",
      target_type: "letters",
      target_ids: ids,
      operation_data: { soft_delete: true, delete_reason: "批量清理" },
      dry_run: false,
    });
    expect(r.status).toBe(200);
    expectSeedShape(r.json, EXECUTE_EXAMPLE);
    expect(r.json).toMatchObject({ code: 0, msg: "批量操作执行成功", data: { operation: "delete", target_type: "letters", total_count: 2, success_count: 2, failure_count: 0, dry_run: false, status: "completed" } });
    expect(results(r)).toEqual(ids.map((id) => ({ target_id: id, success: true, message: "Deleted successfully" })));
    const d = data(r);
    expect(d.duration_ms).toBe(new Date(d.completed_at as string).getTime() - new Date(d.started_at as string).getTime());
    for (const id of ids) expect(await rowOf("letters", id)).toMatchObject({ delete_reason: "批量清理" });
    expect((await rowOf("letters", ids[0]!)).deleted_at).not.toBeNull();
    // The job it names is a real batch: its record says the same.
    const job = await call(jobRoute, `/api/batch/jobs/${d.operation_id}`, { who: "operator", params: { id: d.operation_id as string } });
    expectSeedShape(job.json, JOB_EXAMPLE);
    expect(data(job)).toMatchObject({ job_id: d.operation_id, status: "completed", progress: 100, current_item: null, estimated_remaining: null, error_message: null });
  });

  it("2. POST /api/batch/validate plans without writing, per target", async () => {
    const ids = await freshIds("letters", operatorId, 2);
    const r = await post(validateRoute, "/api/batch/validate", "operator", { operation: "delete", target_type: "letters", target_ids: ids, operation_data: { soft_delete: true } });
    expect(r.status).toBe(200);
    expectSeedShape(r.json, { ...EXECUTE_EXAMPLE, msg: "批量操作验证完成" });
    expect(data(r)).toMatchObject({ dry_run: true, total_count: 2, success_count: 2, failure_count: 0, status: "validated" });
    expect(results(r)).toEqual(ids.map((id) => ({ target_id: id, success: true, message: "Would be deleted" })));
    expect((await rowOf("letters", ids[0]!)).deleted_at).toBeNull();
    // execute with dry_run: true is the same dry run.
    const dry = await post(executeRoute, "/api/batch/execute", "operator", { operation: "delete", target_type: "letters", target_ids: ids, operation_data: { soft_delete: true }, dry_run: true });
    expect(data(dry)).toMatchObject({ dry_run: true, success_count: 2 });
    expect((await rowOf("letters", ids[1]!)).deleted_at).toBeNull();
  });

  it("3. POST /api/batch/letters/delete (also the seed's Python example)", async () => {
    const ids = await freshIds("letters", operatorId, 2);
    const r = await post(lettersDeleteRoute, "/api/batch/letters/delete", "operator", { target_ids: ids, soft_delete: true, delete_reason: "批量清理" });
    expect(r.status).toBe(200);
    expectSeedShape(r.json, EXECUTE_EXAMPLE);
    expect(data(r)).toMatchObject({ operation: "delete", target_type: "letters", success_count: 2 });
    expect((await rowOf("letters", ids[1]!)).deleted_at).not.toBeNull();
  });

  it("4. POST /api/batch/letters/status (and the seed's JavaScript example, without force)", async () => {
    const ids = await freshIds("letters", operatorId, 2, "draft");
    const r = await post(lettersStatusRoute, "/api/batch/letters/status", "operator", { target_ids: ids, new_status: "generated", reason: "批量生成编码", force: false });
    expect(r.status).toBe(200);
    expectSeedShape(r.json, { ...EXECUTE_EXAMPLE, data: { ...EXECUTE_EXAMPLE.data, operation: "status_update" } });
    expect(results(r)).toEqual(ids.map((id) => ({ target_id: id, success: true, message: "Status updated successfully" })));
    expect((await rowOf("letters", ids[0]!)).status).toBe("generated");
    const more = await freshIds("letters", operatorId, 2, "draft");
    const js = await post(lettersStatusRoute, "/api/batch/letters/status", "operator", { target_ids: more, new_status: "generated", reason: "批量生成编码" });
    expect(data(js)).toMatchObject({ success_count: 2, failure_count: 0 });
  });

  it("5–6. POST /api/batch/products/delete and /status", async () => {
    const ids = await freshIds("products", operatorId, 2);
    const del = await post(productsDeleteRoute, "/api/batch/products/delete", "operator", { target_ids: ids, soft_delete: true, delete_reason: "批量清理" });
    expect(data(del)).toMatchObject({ target_type: "products", success_count: 2 });
    expect((await rowOf("products", ids[0]!)).deleted_at).not.toBeNull();
    const more = await freshIds("products", operatorId, 2, "active");
    const st = await post(productsStatusRoute, "/api/batch/products/status", "operator", { target_ids: more, new_status: "inactive", reason: "下架" });
    expectSeedShape(st.json, EXECUTE_EXAMPLE);
    expect(data(st)).toMatchObject({ target_type: "products", operation: "status_update", success_count: 2 });
    expect((await rowOf("products", more[1]!)).status).toBe("inactive");
  });

  it("7–8. POST /api/batch/archive and /restore?target_type=letters", async () => {
    const ids = await freshIds("letters", operatorId, 2);
    const a = await post(archiveRoute, "/api/batch/archive", "operator", { target_ids: ids, archive_reason: "定期归档", archive_location: "archive/2024" }, "target_type=letters");
    expect(a.status).toBe(200);
    expectSeedShape(a.json, EXECUTE_EXAMPLE);
    expect(results(a).map((x) => x.message)).toEqual(["Archived successfully", "Archived successfully"]);
    expect(await rowOf("letters", ids[0]!)).toMatchObject({ archive_reason: "定期归档", archive_location: "archive/2024" });
    const r = await post(restoreRoute, "/api/batch/restore", "operator", { target_ids: ids }, "target_type=letters");
    expectSeedShape(r.json, EXECUTE_EXAMPLE);
    expect(data(r)).toMatchObject({ operation: "restore", success_count: 2 });
    expect((await rowOf("letters", ids[0]!)).archived_at).toBeNull();
  });

  it("9 and 13. POST /api/batch/export with include_fields and exclude_fields, then GET /api/batch/export/{id} downloads it", async () => {
    const ids = await freshIds("letters", operatorId, 2);
    const r = await post(exportRoute, "/api/batch/export", "operator", { target_ids: ids, export_format: "json", include_fields: ["id", "title", "status"], exclude_fields: ["content"] }, "target_type=letters");
    expect(r.status).toBe(200);
    expectSeedShape(r.json, { ...EXECUTE_EXAMPLE, msg: "批量导出成功", data: { ...EXECUTE_EXAMPLE.data, operation: "export" } });
    const d = data(r);
    expect(d).toMatchObject({ export_format: "json", fields: ["id", "title", "status"], row_count: 2, success_count: 2, status: "completed" });
    const file = await call(exportDownloadRoute, `/api/batch/export/${d.export_id}`, { who: "operator", params: { id: d.export_id as string } });
    expect(file.status).toBe(200);
    const rows = JSON.parse(file.text) as Record<string, unknown>[];
    expect(rows.map((x) => Object.keys(x).sort())).toEqual([["id", "status", "title"], ["id", "status", "title"]]);
    expect(rows.map((x) => String(x.id)).sort()).toEqual([...ids].sort());
    // exclude_fields alone takes the default fields less those.
    const ex = await post(exportRoute, "/api/batch/export", "operator", { target_ids: ids, export_format: "json", exclude_fields: ["title", "anonymous"] }, "target_type=letters");
    expect(data(ex).fields).not.toContain("title");
    expect(data(ex).fields).toContain("status");
    // Someone else's export is no export of yours.
    const other = await call(exportDownloadRoute, `/api/batch/export/${d.export_id}`, { who: "operator2", params: { id: d.export_id as string } });
    expect(other.status).toBe(404);
    expect(other.json).toMatchObject({ code: 404, data: { error_code: "NOT_FOUND" } });
  });

  it("10. POST /api/batch/bulk-create?target_type=letters creates the items and names the new rows", async () => {
    const r = await post(
      bulkCreateRoute,
      "/api/batch/bulk-create",
      "operator",
      {
        items: [
          { title: "新信件1", content: "信件内容1", anonymous: false },
          { title: "新信件2", content: "信件内容2", anonymous: true },
        ],
        skip_validation: false,
        continue_on_error: true,
      },
      "target_type=letters",
    );
    expect(r.status).toBe(200);
    expectSeedShape(r.json, { ...EXECUTE_EXAMPLE, data: { ...EXECUTE_EXAMPLE.data, operation: "bulk_create", results: [{ target_id: 1, success: true, message: "Created successfully" }] } });
    expect(data(r)).toMatchObject({ total_count: 2, success_count: 2 });
    const created = results(r).map((x) => x.target_id as number);
    expect(await rowOf("letters", String(created[1]))).toMatchObject({ title: "新信件2", anonymous: true, owner_id: operatorId });
  });

  it("11–12. GET /api/batch/jobs/{id} and POST /api/batch/jobs/{id}/cancel", async () => {
    // A batch left queued (no worker in this test) can be cancelled.
    const caller = await callerAs("operator");
    const ids = (await freshIds("letters", operatorId, 3)).map(Number);
    const preview = await caller.batch.validate({ resource: "letters", target: { kind: "ids", ids }, operation: { type: "softDelete", reason: "x" } });
    await caller.batch.execute({ batchId: preview.id });
    const queued = await routeHttp(jobRoute, "GET", new Request(`${appOrigin()}/api/batch/jobs/${preview.id}`, { headers: { cookie: cookies.operator } }), { id: preview.id });
    expectSeedShape(queued.json, JOB_EXAMPLE);
    expect(data(queued)).toMatchObject({ status: "pending", state: "queued", progress: 0, total_count: 3 });
    const cancel = await routeHttp(
      cancelRoute,
      "POST",
      new Request(`${appOrigin()}/api/batch/jobs/${preview.id}/cancel`, { method: "POST", headers: { cookie: cookies.operator, origin: appOrigin() } }),
      { id: preview.id },
    );
    expect(cancel.status).toBe(200);
    expectSeedShape(cancel.json, { ...JOB_EXAMPLE, msg: "作业已取消" });
    expect(data(cancel)).toMatchObject({ status: "cancelled", state: "cancelled" });
    // Cancelling again is a conflict, in the envelope.
    const again = await routeHttp(
      cancelRoute,
      "POST",
      new Request(`${appOrigin()}/api/batch/jobs/${preview.id}/cancel`, { method: "POST", headers: { cookie: cookies.operator, origin: appOrigin() } }),
      { id: preview.id },
    );
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: 409, data: { error_code: "CONFLICT" } });
  });

  it("14. GET /api/batch/health", async () => {
    const r = await call(healthRoute, "/api/batch/health", { who: "viewer" });
    expect(r.status).toBe(200);
    expectSeedShape(r.json, { ...HEALTH_EXAMPLE, msg: (r.json as { msg: string }).msg });
    // No worker process runs in this test: the service says so rather than "healthy".
    expect(data(r)).toMatchObject({ status: "degraded", supported_targets: ["letters", "products", "orders", "plaza_posts", "museum_items"] });
    expect(data(r).supported_operations).toEqual(["delete", "update", "status_update", "export", "archive", "restore", "bulk_create"]);
  });

  it("15–16. GET /api/batch/admin/jobs and POST /api/batch/admin/cleanup?older_than_hours=24", async () => {
    const ids = await freshIds("letters", operator2Id, 2);
    const done = await post(lettersDeleteRoute, "/api/batch/letters/delete", "operator2", { target_ids: ids, soft_delete: true, delete_reason: "old" });
    const oldId = data(done).operation_id as string;
    const jobs = await call(adminJobsRoute, "/api/batch/admin/jobs", { who: "admin", query: "page=1&page_size=100" });
    expect(jobs.status).toBe(200);
    const list = data(jobs) as { jobs: Record<string, unknown>[]; total: number };
    expect(list.jobs.find((j) => j.job_id === oldId)).toMatchObject({ status: "completed", created_by: "operator2@batchdesk.local" });
    for (const j of list.jobs) expectSeedShape(j, JOB_EXAMPLE.data);

    // Only batches finished before the cut-off lose their rows.
    await pool().query("UPDATE batches SET finished_at = now() - interval '48 hours' WHERE id = $1", [oldId]);
    const fresh = await post(lettersDeleteRoute, "/api/batch/letters/delete", "operator2", { target_ids: await freshIds("letters", operator2Id, 1), soft_delete: true });
    const freshId = data(fresh).operation_id as string;
    const r = await call(adminCleanupRoute, "/api/batch/admin/cleanup", { who: "admin", method: "POST", query: "older_than_hours=24" });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ code: 0, data: { older_than_hours: 24 } });
    expect(data(r).cleaned_jobs).toBeGreaterThanOrEqual(1);
    const count = async (table: string, id: string) => (await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE batch_id = $1`, [id])).rows[0]!.n;
    expect([await count("batch_items", oldId), await count("batch_results", oldId), await count("batch_chunks", oldId)]).toEqual([0, 0, 0]);
    expect(await count("batch_items", freshId)).toBe(1);
    // The summary and the audit stay; revert is no longer offered, nor possible.
    const summary = await (await callerAs("admin")).batch.status({ batchId: oldId });
    expect(summary).toMatchObject({ state: "completed", progress: { counts: { succeeded: 2 } } });
    expect(summary.rowsPurgedAt).not.toBeNull();
    expect(summary.allowedActions).not.toContain("revert");
    await expect((await callerAs("admin")).batch.revert({ batchId: oldId })).rejects.toThrow(/cleaned up/);
    const { rows: audit } = await pool().query("SELECT action, details FROM audit_logs WHERE batch_id = $1 AND action = 'batch.purge'", [oldId]);
    expect(audit).toEqual([{ action: "batch.purge", details: { olderThanHours: 24, by: "admin", items: 2, results: 2, chunks: 1, fetchRows: 0, files: 0 } }]);
    expect(audit.length).toBe(1);
    // A second cleanup finds nothing more of it.
    const second = await call(adminCleanupRoute, "/api/batch/admin/cleanup", { who: "admin", method: "POST", query: "older_than_hours=24" });
    expect(data(second).cleaned_jobs).toBe(0);
  });
});

describe("the seed's operations it names without printing a body", () => {
  it("update sets fields from operation_data.updates; validate of it writes nothing", async () => {
    const ids = await freshIds("letters", operatorId, 2);
    const body = { operation: "update", target_type: "letters", target_ids: ids.map(Number), operation_data: { updates: { title: "改过的标题", anonymous: true } } };
    const dry = await post(validateRoute, "/api/batch/validate", "operator", body);
    expect(results(dry).map((x) => x.message)).toEqual(["Would be updated", "Would be updated"]);
    expect((await rowOf("letters", ids[0]!)).title).not.toBe("改过的标题");
    const r = await post(executeRoute, "/api/batch/execute", "operator", body);
    // Ids sent as numbers come back as numbers.
    expectSeedShape(r.json, { ...EXECUTE_EXAMPLE, data: { ...EXECUTE_EXAMPLE.data, results: [{ target_id: 1, success: true, message: "" }] } });
    expect(results(r)).toEqual(ids.map((id) => ({ target_id: Number(id), success: true, message: "Updated successfully" })));
    expect(await rowOf("letters", ids[1]!)).toMatchObject({ title: "改过的标题", anonymous: true });
  });
});

describe("permissions, as the seed's owner and admin rules map onto ours", () => {
  it("an operator's batch on someone else's rows fails those targets (PERMISSION_DENIED), as the seed's example; admins act on all", async () => {
    const own = await freshIds("letters", operatorId, 1);
    const others = await freshIds("letters", operator2Id, 1);
    const r = await post(executeRoute, "/api/batch/execute", "operator", { operation: "delete", target_type: "letters", target_ids: [...own, ...others], operation_data: { soft_delete: true } });
    expect(r.status).toBe(200);
    expect(data(r)).toMatchObject({ total_count: 2, success_count: 1, failure_count: 1 });
    const failed = results(r)[1]!;
    expectSeedShape(failed, FAILED_RESULT_EXAMPLE);
    expect(failed).toMatchObject({ target_id: others[0], success: false, error_code: "PERMISSION_DENIED" });
    expect((await rowOf("letters", others[0]!)).deleted_at).toBeNull();
    const asAdmin = await post(executeRoute, "/api/batch/execute", "admin", { operation: "delete", target_type: "letters", target_ids: others, operation_data: { soft_delete: true } });
    expect(data(asAdmin)).toMatchObject({ success_count: 1 });
  });

  it("hard delete (soft_delete: false) is admin only; viewers run no row operation but may export", async () => {
    const ids = await freshIds("letters", operatorId, 1);
    const hard = await post(executeRoute, "/api/batch/execute", "operator", { operation: "delete", target_type: "letters", target_ids: ids, operation_data: { soft_delete: false } });
    expect(hard.status).toBe(403);
    expect(hard.json).toMatchObject({ code: 403, data: { error_code: "FORBIDDEN" } });
    const viewer = await post(executeRoute, "/api/batch/execute", "viewer", { operation: "delete", target_type: "letters", target_ids: ids });
    expect(viewer.status).toBe(403);
    expect((await post(lettersDeleteRoute, "/api/batch/letters/delete", "viewer", { target_ids: ids })).status).toBe(403);
    const exp = await post(executeRoute, "/api/batch/execute", "viewer", { operation: "export", target_type: "letters", target_ids: ids, operation_data: { export_format: "csv" } });
    expect(exp.status).toBe(200);
    expect(data(exp)).toMatchObject({ success_count: 1, status: "completed" });
    const byAdmin = await post(executeRoute, "/api/batch/execute", "admin", { operation: "delete", target_type: "letters", target_ids: ids, operation_data: { soft_delete: false } });
    expect(data(byAdmin)).toMatchObject({ success_count: 1 });
    expect(await rowOf("letters", ids[0]!)).toBeUndefined();
  });

  it("only admins export sensitive fields, list everyone's jobs and clean up; others' jobs are not found; no session is 401", async () => {
    const ids = await freshIds("letters", operatorId, 1);
    const sensitive = await post(exportRoute, "/api/batch/export", "operator", { target_ids: ids, include_fields: ["id", "content"] }, "target_type=letters");
    expect(sensitive.status).toBe(403);
    const asAdmin = await post(exportRoute, "/api/batch/export", "admin", { target_ids: ids, include_fields: ["id", "content"] }, "target_type=letters");
    expect(data(asAdmin)).toMatchObject({ fields: ["id", "content"], success_count: 1 });
    for (const who of ["operator", "viewer"] as const) {
      expect((await call(adminJobsRoute, "/api/batch/admin/jobs", { who })).status).toBe(403);
      const c = await call(adminCleanupRoute, "/api/batch/admin/cleanup", { who, method: "POST" });
      expect(c.status).toBe(403);
      expect(c.json).toMatchObject({ code: 403, data: { error_code: "FORBIDDEN" } });
    }
    const mine = await post(lettersDeleteRoute, "/api/batch/letters/delete", "operator", { target_ids: ids });
    const id = data(mine).operation_id as string;
    expect((await call(jobRoute, `/api/batch/jobs/${id}`, { who: "operator2", params: { id } })).status).toBe(404);
    expect((await call(jobRoute, `/api/batch/jobs/${id}`, { who: "admin", params: { id } })).status).toBe(200);
    const anonymous = await call(jobRoute, `/api/batch/jobs/${id}`, { params: { id } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toEqual({ code: 401, msg: "Please sign in.", data: { error_code: "UNAUTHORIZED", request_id: anonymous.headers.get("x-request-id") } });
  });
});

describe("bad input is a 4xx in the seed's envelope, never a 500", () => {
  const bad = async (body: unknown, status = 400, route: Route = executeRoute, query?: string) => {
    const r = await call(route, "/api/batch/x", { who: "operator", body, query });
    expect(r.status, JSON.stringify(r.json)).toBe(status);
    expect(r.json).toMatchObject({ code: status, msg: expect.any(String), data: { error_code: expect.any(String), request_id: expect.any(String) } });
    return r;
  };

  it("refuses unknown operations, target types, keys, malformed ids and values", async () => {
    const ids = await freshIds("letters", operatorId, 1);
    await bad({ operation: "frobnicate", target_type: "letters", target_ids: ids });
    const users = await bad({ operation: "delete", target_type: "users", target_ids: ids });
    expect((users.json as { msg: string }).msg).toMatch(/target_type must be one of/);
    await bad({ operation: "delete", target_type: "letters", target_ids: ids, extra: 1 });
    await bad({ operation: "delete", target_type: "letters", target_ids: ["LETTER001"] });
    await bad({ operation: "delete", target_type: "letters", target_ids: [] });
    await bad({ operation: "delete", target_type: "letters", target_ids: [1.5] });
    await bad({ operation: "delete", target_type: "letters", target_ids: ["99999999999"] });
    await bad({ operation: "delete", target_type: "letters", target_ids: ids, operation_data: { soft_delete: "yes" } });
    await bad({ operation: "delete", target_type: "letters", target_ids: ids, operation_data: { delete_reason: "a\u0000b" } });
    await bad({ operation: "status_update", target_type: "letters", target_ids: ids, operation_data: {} });
    await bad({ operation: "bulk_create", target_type: "letters", target_ids: ids, operation_data: { items: [{ title: "x" }] } });
    await bad({ operation: "update", target_type: "letters", target_ids: ids, operation_data: { updates: { nope: 1 } } });
    await bad({ operation: "status_update", target_type: "museum_items", target_ids: ids, operation_data: { new_status: "x" } });
    await bad({ target_ids: ids, reason: "no status named" }, 400, lettersStatusRoute);
    await bad({ target_ids: ids }, 400, restoreRoute);
    await bad({ target_ids: ids }, 400, restoreRoute, "target_type=drafts");
    await bad({ target_ids: ids, include_fields: ["id"], exclude_fields: ["id"] }, 400, exportRoute, "target_type=letters");
    await bad({ target_ids: ids, include_fields: ["nope"] }, 400, exportRoute, "target_type=letters");
    await bad({ target_ids: ids, export_format: "pdf" }, 400, exportRoute, "target_type=letters");
    // Not JSON, or not sent as JSON.
    expect((await call(executeRoute, "/api/batch/execute", { who: "operator", raw: "{oops" })).status).toBe(400);
    const type = await call(executeRoute, "/api/batch/execute", { who: "operator", raw: "{}", contentType: "text/plain" });
    expect(type.status).toBe(415);
    expect(type.json).toMatchObject({ code: 415, data: { error_code: "UNSUPPORTED_MEDIA_TYPE" } });
    // Ids in the path and query that are no batch, or no number.
    expect((await call(jobRoute, "/api/batch/jobs/nope", { who: "operator", params: { id: "nope" } })).status).toBe(404);
    expect((await call(exportDownloadRoute, "/api/batch/export/nope", { who: "operator", params: { id: "nope" } })).status).toBe(404);
    expect((await call(adminCleanupRoute, "/api/batch/admin/cleanup", { who: "admin", method: "POST", query: "older_than_hours=soon" })).status).toBe(400);
    expect((await call(adminJobsRoute, "/api/batch/admin/jobs", { who: "admin", query: "page_size=1000" })).status).toBe(400);
  });

  it("a cookie-carrying request from another site is refused before anything is read, in the envelope", async () => {
    const req = new Request(`${appOrigin()}/api/batch/letters/delete`, {
      method: "POST",
      headers: { cookie: cookies.operator, origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ target_ids: [1] }),
    });
    const r = await routeHttp(lettersDeleteRoute, "POST", req);
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ code: 403, data: { error_code: "FORBIDDEN" } });
  });

  it("a row the operation cannot apply to fails that target with our code; missing and repeated ids are answered per id", async () => {
    const ids = await freshIds("letters", operatorId, 1, "delivered");
    const r = await post(lettersStatusRoute, "/api/batch/letters/status", "operator", { target_ids: [ids[0], 2_000_000_000, Number(ids[0])], new_status: "draft" });
    expect(r.status).toBe(200);
    expect(results(r).map((x) => [x.target_id, x.success, x.error_code])).toEqual([
      [ids[0], false, expect.any(String)],
      [2_000_000_000, false, "NOT_FOUND"],
      [Number(ids[0]), false, expect.any(String)],
    ]);
    expect(data(r)).toMatchObject({ total_count: 3, success_count: 0, failure_count: 3 });
  });

  it("continue_on_error: false creates nothing when an item is invalid (422, with the per-item reasons)", async () => {
    const before = (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM letters")).rows[0]!.n;
    const r = await post(bulkCreateRoute, "/api/batch/bulk-create", "operator", { items: [{ title: "ok", content: "c" }, { title: "no content" }], continue_on_error: false }, "target_type=letters");
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ code: 422, data: { success_count: 1, failure_count: 1 } });
    expect(results(r)[1]).toMatchObject({ success: false, item_index: 1 });
    expect((await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM letters")).rows[0]!.n).toBe(before);
  });
});

describe("limits from the seed are settings", () => {
  it("refuses more targets than SEED_BATCH_MAX_TARGETS (1000 by default) with the seed's wording", async () => {
    const many = Array.from({ length: 1001 }, (_, i) => i + 1);
    const r = await post(executeRoute, "/api/batch/execute", "operator", { operation: "delete", target_type: "letters", target_ids: many });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 400, msg: expect.stringContaining("单次批量操作最多1000个目标"), data: { error_code: "BAD_REQUEST", details: { max: 1000, given: 1001 } } });
    vi.stubEnv("SEED_BATCH_MAX_TARGETS", "2");
    const items = await post(bulkCreateRoute, "/api/batch/bulk-create", "operator", { items: [{ title: "a" }, { title: "b" }, { title: "c" }] }, "target_type=letters");
    expect(items.json).toMatchObject({ code: 400, data: { details: { max: 2, given: 3 } } });
  });

  it("answers with the job's id and state when the batch is not done within SEED_BATCH_WAIT_SECONDS", async () => {
    vi.stubEnv("SEED_BATCH_WAIT_SECONDS", "0");
    const ids = await freshIds("letters", operatorId, 2);
    const req = new Request(`${appOrigin()}/api/batch/letters/delete`, {
      method: "POST",
      headers: { cookie: cookies.operator, origin: appOrigin(), "content-type": "application/json" },
      body: JSON.stringify({ target_ids: ids }),
    });
    // No worker here: the batch stays queued.
    const r = await routeHttp(lettersDeleteRoute, "POST", req);
    expect(r.status).toBe(202);
    expect(data(r)).toMatchObject({ status: "pending", results: [], completed_at: null, duration_ms: null });
    const id = data(r).operation_id as string;
    await runToEnd(id);
    const job = await call(jobRoute, `/api/batch/jobs/${id}`, { who: "operator", params: { id } });
    expect(data(job)).toMatchObject({ status: "completed", success_count: 2 });
  });
});
