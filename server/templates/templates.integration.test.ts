import { beforeAll, describe, expect, it } from "vitest";
import { errorOf, idsWhere, type Caller } from "../../tests/helpers/batch";
import { seedRows, userId } from "../../tests/helpers/seed";
import { callerAs } from "../../tests/helpers/session";
import { pool } from "../db";
import type { TemplateBody } from "../contracts/templates";

let admin: Caller;
let operator: Caller;
let operator2: Caller;
let viewer: Caller;

beforeAll(async () => {
  for (const role of ["ADMIN", "OPERATOR"]) process.env[`BATCHES_PER_HOUR_${role}`] = "5000";
  await seedRows({ letters: 60, products: 40 });
  [admin, operator, operator2, viewer] = await Promise.all([callerAs("admin"), callerAs("operator"), callerAs("operator2"), callerAs("viewer")]);
});

/** Seed 003's example: status required from a list, crop type optional — here products' status and stock. */
const restock: TemplateBody = {
  name: "restock",
  description: "Set stock on products of a status",
  resource: "products",
  target: { kind: "filter", selection: { filter: { combinator: "and", conditions: [{ field: "status", op: "eq", value: "${status}" }, { field: "stock", op: "lt", value: "${below}" }] } } },
  operation: { type: "update", changes: [{ op: "set", field: "stock", value: "${stock}" }, { op: "set", field: "name", value: "${label} restocked" }] },
  parameters: [
    { name: "status", type: "enum", required: true, enum: ["active", "inactive"] },
    { name: "stock", type: "number", required: true, description: "units on hand" },
    { name: "below", type: "number", required: false },
    { name: "label", type: "string", required: false },
  ],
};

const fieldsOf = (e: Awaited<ReturnType<typeof errorOf>>) => ((e.cause as { details?: { fields?: Record<string, string[]> } } | undefined)?.details?.fields ?? {}) as Record<string, string[]>;

async function batchRow(id: string) {
  const { rows } = await pool().query<{ template_id: string | null; template_version: number | null; target: unknown; operation: unknown; state: string }>(
    "SELECT template_id, template_version, target, operation, state FROM batches WHERE id = $1",
    [id],
  );
  return rows[0]!;
}

describe("template parameters", () => {
  it("refuses missing required, wrong types, values outside an enum and unknown names, each as params.<name>, before anything is planned", async () => {
    const t = await admin.templates.create(restock);
    const before = (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM batches")).rows[0]!.n;
    const e = await errorOf(admin.templates.run({ templateId: t.id, params: { status: "sold", stock: "lots", colour: "red" } }));
    expect(e.code).toBe("BAD_REQUEST");
    const fields = fieldsOf(e);
    expect(Object.keys(fields).sort()).toEqual(["params.colour", "params.status", "params.stock"]);
    expect(fields["params.status"]![0]).toContain("one of active, inactive");
    expect(fields["params.stock"]![0]).toContain("takes a number");
    const missing = fieldsOf(await errorOf(admin.templates.run({ templateId: t.id, params: { status: "active" } })));
    expect(missing).toEqual({ "params.stock": ["stock is required (units on hand)."] });
    expect((await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM batches")).rows[0]!.n).toBe(before);
  });

  it("converts text by type (number, boolean, date) and fills defaults", async () => {
    const t = await admin.templates.create({
      name: "typed",
      resource: "letters",
      target: { kind: "filter", selection: { filter: { combinator: "and", conditions: [{ field: "anonymous", op: "eq", value: "${anon}" }, { field: "createdAt", op: "lt", value: "${before}" }] } } },
      operation: { type: "update", changes: [{ op: "set", field: "status", value: "${status}" }] },
      parameters: [
        { name: "anon", type: "boolean", required: true },
        { name: "before", type: "date", default: "2100-01-01" },
        { name: "status", type: "enum", enum: ["sent", "failed"], default: "sent" },
      ],
    });
    const run = await admin.templates.run({ templateId: t.id, params: { anon: "false" } });
    const row = await batchRow(run.batch.id);
    expect(row.target).toMatchObject({ kind: "filter", selection: { filter: { conditions: [{ field: "anonymous", value: false }, { field: "createdAt", value: "2100-01-01" }] } } });
    expect(row.operation).toEqual({ type: "update", changes: [{ op: "set", field: "status", value: "sent" }] });
    const bad = fieldsOf(await errorOf(admin.templates.run({ templateId: t.id, params: { anon: "maybe", before: "2025-02-30" } })));
    expect(Object.keys(bad).sort()).toEqual(["params.anon", "params.before"]);
  });

  it("refuses a template using an undeclared placeholder, or a default its own type refuses, when saved", async () => {
    const e = await errorOf(admin.templates.create({ ...restock, parameters: restock.parameters!.filter((p) => p.name !== "stock") }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toContain("${stock} is used but not declared");
    const d = await errorOf(admin.templates.create({ ...restock, parameters: [...restock.parameters!.slice(0, 3).map((p) => (p.name === "stock" ? { ...p, default: "x" } : p)), restock.parameters![3]!] }));
    expect(fieldsOf(d)).toHaveProperty(["parameters.1.default"]);
  });
});

describe("a template run", () => {
  it("is a previewed batch of the filter and operation with the values put in, linked to the template version", async () => {
    const t = await admin.templates.create(restock);
    const expectIds = await idsWhere("products", "status = 'active' AND stock < 50 AND deleted_at IS NULL AND archived_at IS NULL");
    expect(expectIds.length).toBeGreaterThan(0);
    const run = await admin.templates.run({ templateId: t.id, params: { status: "active", stock: 75, below: "50", label: "Spring" } });
    expect(run).toMatchObject({ templateId: t.id, templateVersion: 1 });
    expect(run.batch.state).toBe("previewed");
    expect(run.batch.preview.total).toBe(expectIds.length);
    const row = await batchRow(run.batch.id);
    expect(row).toMatchObject({ template_id: t.id, template_version: 1, state: "previewed" });
    expect(row.operation).toEqual({ type: "update", changes: [{ op: "set", field: "stock", value: 75 }, { op: "set", field: "name", value: "Spring restocked" }] });
    const { rows } = await pool().query("SELECT action, details FROM audit_logs WHERE batch_id = $1 AND action = 'template.run'", [run.batch.id]);
    expect(rows[0]).toMatchObject({ details: { templateId: t.id, version: 1, params: { status: "active", stock: 75, below: 50, label: "Spring" } } });
  });

  it("leaves out the condition and the change of an optional parameter given no value", async () => {
    const t = await admin.templates.create(restock);
    const run = await admin.templates.run({ templateId: t.id, params: { status: "inactive", stock: 3 } });
    const row = await batchRow(run.batch.id);
    expect(row.target).toMatchObject({ selection: { filter: { conditions: [{ field: "status", op: "eq", value: "inactive" }] } } });
    expect((row.target as { selection: { filter: { conditions: unknown[] } } }).selection.filter.conditions).toHaveLength(1);
    expect(row.operation).toEqual({ type: "update", changes: [{ op: "set", field: "stock", value: 3 }] });
    const ids = await idsWhere("products", "status = 'inactive' AND deleted_at IS NULL AND archived_at IS NULL");
    expect(run.batch.preview.total).toBe(ids.length);
  });

  it("takes the rows at run time when its target says so", async () => {
    const t = await admin.templates.create({ name: "retire", resource: "letters", target: { kind: "idsAtRun" }, operation: { type: "softDelete", reason: "${why}" }, parameters: [{ name: "why", type: "string", required: true }] });
    const e = await errorOf(admin.templates.run({ templateId: t.id, params: { why: "old" } }));
    expect(fieldsOf(e)).toHaveProperty("ids");
    const run = await admin.templates.run({ templateId: t.id, params: { why: "old" }, ids: [1, 2, 3] });
    expect(await batchRow(run.batch.id)).toMatchObject({ target: { kind: "ids", ids: [1, 2, 3] }, operation: { type: "softDelete", reason: "old" } });
    expect(run.batch.preview.total).toBe(3);
  });
});

describe("versions", () => {
  it("an edit makes version 2; version 1 still runs by number, as it was", async () => {
    const t = await admin.templates.create(restock);
    const v2 = await admin.templates.update({ templateId: t.id, name: "restock v2", operation: { type: "update", changes: [{ op: "increment", field: "stock", by: "${stock}" }] } });
    expect(v2).toMatchObject({ version: 2, currentVersion: 2, name: "restock v2" });
    expect((await admin.templates.get({ templateId: t.id, version: 1 })).name).toBe("restock");
    expect((await admin.templates.versions({ templateId: t.id })).map((v) => v.version)).toEqual([2, 1]);
    const newest = await admin.templates.run({ templateId: t.id, params: { status: "active", stock: 2 } });
    expect(newest.templateVersion).toBe(2);
    expect((await batchRow(newest.batch.id)).operation).toEqual({ type: "update", changes: [{ op: "increment", field: "stock", by: 2 }] });
    const old = await admin.templates.run({ templateId: t.id, version: 1, params: { status: "active", stock: 2 } });
    expect(await batchRow(old.batch.id)).toMatchObject({ template_version: 1, operation: { changes: [{ op: "set", field: "stock", value: 2 }] } });
    const { rows } = await pool().query("SELECT count(*)::int AS n FROM batch_template_versions WHERE template_id = $1", [t.id]);
    expect(rows[0]).toEqual({ n: 2 });
    expect((await errorOf(admin.templates.get({ templateId: t.id, version: 9 }))).code).toBe("NOT_FOUND");
  });

  it("a run's batch names the template and the version it ran, as that version was named, until the template is deleted", async () => {
    const t = await admin.templates.create({ ...restock, name: "restock origin" });
    const v1run = await admin.templates.run({ templateId: t.id, params: { status: "active", stock: 3 } });
    await admin.templates.update({ templateId: t.id, name: "restock origin renamed" });
    const v2run = await admin.templates.run({ templateId: t.id, params: { status: "active", stock: 4 } });
    expect((await admin.batch.status({ batchId: v1run.batch.id })).template).toEqual({ id: t.id, version: 1, name: "restock origin", deleted: false });
    expect((await admin.batch.status({ batchId: v2run.batch.id })).template).toEqual({ id: t.id, version: 2, name: "restock origin renamed", deleted: false });
    const plain = await admin.batch.validate({ resource: "letters", target: { kind: "ids", ids: (await idsWhere("letters", "true")).slice(0, 1) }, operation: { type: "update", changes: [{ op: "set", field: "title", value: "Not from a template" }] } });
    expect((await admin.batch.status({ batchId: plain.id })).template).toBeNull();
    await admin.templates.delete({ templateId: t.id });
    expect((await admin.batch.status({ batchId: v1run.batch.id })).template).toMatchObject({ version: 1, deleted: true });
  });

  it("duplicates as a new template of the caller's, and a deleted one is gone from lists and runs", async () => {
    const t = await operator.templates.create({ ...restock, resource: "letters", target: { kind: "idsAtRun" }, operation: { type: "softDelete", reason: "${label}" }, parameters: [{ name: "label", type: "string", default: "x" }] });
    const copy = await operator.templates.duplicate({ templateId: t.id });
    expect(copy).toMatchObject({ name: "Copy of restock", version: 1, ownerId: await userId("operator") });
    await operator.templates.delete({ templateId: t.id });
    expect((await operator.templates.list()).map((x) => x.id)).not.toContain(t.id);
    expect((await errorOf(operator.templates.run({ templateId: t.id, ids: [1] }))).code).toBe("NOT_FOUND");
    const { rows } = await pool().query<{ action: string }>("SELECT action FROM audit_logs WHERE details->>'templateId' IN ($1, $2) ORDER BY id", [t.id, copy.id]);
    expect(rows.map((r) => r.action)).toEqual(["template.create", "template.duplicate", "template.delete"]);
  });
});

describe("who may", () => {
  it("owners and admins see and run a template; another operator gets NOT_FOUND; viewers make none", async () => {
    const mine = await operator.templates.create({ name: "own letters", resource: "letters", target: { kind: "idsAtRun" }, operation: { type: "softDelete", reason: "${r}" }, parameters: [{ name: "r", type: "string", default: "tidy" }] });
    expect((await operator.templates.list()).map((t) => t.id)).toContain(mine.id);
    expect((await operator2.templates.list()).map((t) => t.id)).not.toContain(mine.id);
    expect((await admin.templates.list()).map((t) => t.id)).toContain(mine.id);
    const others = [
      () => operator2.templates.get({ templateId: mine.id }),
      () => operator2.templates.run({ templateId: mine.id, ids: [1] }),
      () => operator2.templates.update({ templateId: mine.id, name: "x" }),
      () => operator2.templates.delete({ templateId: mine.id }),
    ];
    for (const call of others) {
      expect((await errorOf(call())).code).toBe("NOT_FOUND");
    }
    expect((await admin.templates.run({ templateId: mine.id, ids: [1] })).batch.state).toBe("previewed");
    expect((await errorOf(viewer.templates.create({ name: "v", resource: "letters", target: { kind: "idsAtRun" }, operation: { type: "restore" } }))).code).toBe("FORBIDDEN");
    expect(await viewer.templates.list()).toEqual([]);
  });

  it("refuses to save an operation the role may not run (an operator's hard delete)", async () => {
    const e = await errorOf(operator.templates.create({ name: "hard", resource: "letters", target: { kind: "idsAtRun" }, operation: { type: "hardDelete" } }));
    expect(e.code).toBe("FORBIDDEN");
  });
});

describe("save as template", () => {
  it("makes a template of a batch's filter and operation, which runs into the same batch; others' batches are NOT_FOUND", async () => {
    const selection = { filter: { combinator: "and" as const, conditions: [{ field: "status", op: "eq" as const, value: "draft" }] } };
    const batch = await operator.batch.validate({ resource: "letters", target: { kind: "filter", selection }, operation: { type: "update", changes: [{ op: "set", field: "title", value: "Saved" }] } });
    const t = await operator.templates.fromBatch({ batchId: batch.id, name: "drafts to Saved" });
    expect(t).toMatchObject({ name: "drafts to Saved", resource: "letters", target: { kind: "filter", selection: { filter: selection.filter } }, operation: { type: "update" }, parameters: [] });
    const run = await operator.templates.run({ templateId: t.id });
    expect(await batchRow(run.batch.id)).toMatchObject({ template_id: t.id, operation: { type: "update", changes: [{ op: "set", field: "title", value: "Saved" }] } });
    expect(run.batch.preview.total).toBe(batch.preview.total);
    expect((await errorOf(operator2.templates.fromBatch({ batchId: batch.id }))).code).toBe("NOT_FOUND");
  });
});
