import { beforeAll, describe, expect, it } from "vitest";
import { cookieAs } from "../../tests/helpers/http";
import { rest, restCode } from "../../tests/helpers/rest";
import { seedRows, userId } from "../../tests/helpers/seed";
import { expectSeedShape } from "../../tests/helpers/seed-shape";
import { tokenOf } from "../../tests/helpers/tokens";
import * as seed from "../../tests/seed-examples/003-batch-templates";
import { pool } from "../db";

// Seed 003's batch templates through the REST catch-all (/api/v1): the printed template replayed as
// a create body, answers compared with the printed list key by key, runs becoming previewed batches.

type Who = "admin" | "operator" | "operator2" | "viewer";
const cookies = {} as Record<Who, string>;
type SeedError = { error: { code: string; message: string; details: { field: string; code: string; message: string }[] } };
type One = { data: { id: string; version: number; operations: { filter: unknown; template: Record<string, unknown> }[] } };
type Run = { data: { template_id: string; template_version: number; batch_id: string; status: string; preview: { total: number; will_change: number } } };

let prefix = "";
let productIds: number[] = [];

beforeAll(async () => {
  await seedRows({ products: 30 });
  for (const who of ["admin", "operator", "operator2", "viewer"] as const) cookies[who] = await cookieAs(who);
  // Four of the operator's products with one SKU prefix, as the adapted template's filter selects.
  prefix = `TPL${Date.now() % 100000}-`;
  const owner = await userId("operator");
  const { rows } = await pool().query<{ id: number }>(
    "UPDATE products SET sku = $1 || id, owner_id = $2, status = 'inactive', deleted_at = NULL, archived_at = NULL WHERE id IN (SELECT id FROM products ORDER BY id LIMIT 4) RETURNING id",
    [prefix, owner],
  );
  productIds = rows.map((r) => r.id).sort((a, b) => a - b);
});

const call = (who: Who, method: string, path: string, body?: unknown) => rest(method, path, { cookie: cookies[who], body });

describe("seed 003 templates: the printed bodies, replayed", () => {
  it("refuses the printed template (we have no 'fields' resource) with INVALID_TEMPLATE in the seed's error shape", async () => {
    const r = await call("operator", "POST", "/batch/templates", seed.CREATE_TEMPLATE);
    expect(r.status, r.text).toBe(400);
    expectSeedShape(r.json, { error: { code: "INVALID_BATCH", message: "", details: [{ field: "", code: "", message: "" }] } });
    expect((r.json as SeedError).error.code).toBe("INVALID_TEMPLATE");
    expect((r.json as SeedError).error.details).toEqual([{ field: "operations[0].resource", code: "INVALID_RESOURCE", message: expect.stringContaining("Unknown resource: fields") as string }]);
  });

  it("saves the adapted template, lists it in the seed's shape, runs it into a previewed batch of the filter's rows", async () => {
    const created = await call("operator", "POST", "/batch/templates", seed.ADAPTED_TEMPLATE(prefix));
    expect(created.status, created.text).toBe(201);
    const id = (created.json as One).data.id;
    expect((created.json as One).data.operations[0]).toMatchObject({ filter: { sku: { startsWith: prefix } }, template: { status: "${status}", name: "${name}" } });
    const list = await call("operator", "GET", "/batch/templates");
    expect(list.status, list.text).toBe(200);
    const mine = (list.json as { data: { templates: { id: string }[] } }).data.templates.filter((t) => t.id === id);
    expectSeedShape({ data: { templates: mine } }, seed.ADAPTED_LIST);
    expect(mine).toHaveLength(1);
    const got = await call("operator", "GET", `/batch/templates/${id}`);
    expect(got.status, got.text).toBe(200);

    const run = await call("operator", "POST", `/batch/templates/${id}/run`, { parameters: { status: "active", name: "Renamed by template" } });
    expect(run.status, run.text).toBe(201);
    const r = (run.json as Run).data;
    expect(r).toMatchObject({ template_id: id, template_version: 1, status: "previewed", preview: { total: productIds.length, will_change: productIds.length } });
    const { rows } = await pool().query("SELECT template_id, template_version, operation FROM batches WHERE id = $1", [r.batch_id]);
    expect(rows[0]).toEqual({
      template_id: id,
      template_version: 1,
      operation: { type: "update", changes: [{ op: "set", field: "status", value: "active" }, { op: "set", field: "name", value: "Renamed by template" }] },
    });
    // The optional crop type (here: name) left out: only the status is set.
    const statusOnly = ((await call("operator", "POST", `/batch/templates/${id}/run`, { parameters: { status: "inactive" } })).json as Run).data;
    const op = await pool().query("SELECT operation FROM batches WHERE id = $1", [statusOnly.batch_id]);
    expect(op.rows[0]).toEqual({ operation: { type: "update", changes: [{ op: "set", field: "status", value: "inactive" }] } });
  });

  it("answers bad parameters with INVALID_TEMPLATE and a detail per parameter, planning nothing", async () => {
    const id = ((await call("operator", "POST", "/batch/templates", seed.ADAPTED_TEMPLATE(prefix))).json as One).data.id;
    const before = (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM batches WHERE template_id = $1", [id])).rows[0]!.n;
    const r = await call("operator", "POST", `/batch/templates/${id}/run`, { parameters: { status: "sold", colour: "red" } });
    expect(r.status, r.text).toBe(400);
    const e = r.json as SeedError;
    expect(e.error.code).toBe("INVALID_TEMPLATE");
    expect(e.error.details.map((d) => [d.field, d.code]).sort()).toEqual([
      ["parameters.colour", "INVALID_PARAMETER"],
      ["parameters.status", "INVALID_PARAMETER"],
    ]);
    const missing = (await call("operator", "POST", `/batch/templates/${id}/run`, {})).json as SeedError;
    expect(missing.error.details).toEqual([{ field: "parameters.status", code: "INVALID_PARAMETER", message: "status is required." }]);
    expect((await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM batches WHERE template_id = $1", [id])).rows[0]!.n).toBe(before);
  });

  it("PUT makes the next version, version 1 still runs; DELETE removes it; others' templates are 404; viewers may not create", async () => {
    const id = ((await call("operator", "POST", "/batch/templates", seed.ADAPTED_TEMPLATE(prefix))).json as One).data.id;
    const body = seed.ADAPTED_TEMPLATE(prefix);
    const put = await call("operator", "PUT", `/batch/templates/${id}`, { ...body, operations: [{ ...body.operations[0]!, template: { status: "${status}" } }] });
    expect(put.status, put.text).toBe(200);
    expect((put.json as One).data).toMatchObject({ version: 2, operations: [{ template: { status: "${status}" } }] });
    const v1 = ((await call("operator", "POST", `/batch/templates/${id}/run`, { parameters: { status: "active", name: "v1" }, version: 1 })).json as Run).data;
    expect(v1.template_version).toBe(1);
    const v1Op = await pool().query("SELECT operation FROM batches WHERE id = $1", [v1.batch_id]);
    expect((v1Op.rows[0] as { operation: { changes: unknown[] } }).operation.changes).toHaveLength(2);

    for (const [method, path] of [["GET", `/batch/templates/${id}`], ["PUT", `/batch/templates/${id}`], ["DELETE", `/batch/templates/${id}`], ["POST", `/batch/templates/${id}/run`]] as const) {
      const r = await call("operator2", method, path, method === "PUT" ? body : method === "POST" ? { parameters: { status: "active" } } : undefined);
      expect([method, r.status, restCode(r)]).toEqual([method, 404, "NOT_FOUND"]);
    }
    const viewer = await call("viewer", "POST", "/batch/templates", body);
    expect(viewer.status).toBe(403);
    const token = (await tokenOf("operator", ["read"])).token;
    expect((await rest("POST", "/batch/templates", { token, body })).status).toBe(403);

    const del = await call("operator", "DELETE", `/batch/templates/${id}`);
    expect([del.status, del.json]).toEqual([200, { data: { id, deleted: true } }]);
    expect((await call("operator", "GET", `/batch/templates/${id}`)).status).toBe(404);
    expect((await call("admin", "GET", "/batch/templates/not-a-uuid")).status).toBe(404);
  });
});
