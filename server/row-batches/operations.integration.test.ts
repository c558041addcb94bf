import { beforeAll, describe, expect, it } from "vitest";
import { allItems, errorOf, resultCounts, rowsById, runOperation, type Caller } from "../../tests/helpers/batch";
import { callerAs } from "../../tests/helpers/session";
import { seedRows, userId } from "../../tests/helpers/seed";
import { pool } from "../db";

let admin: Caller;
let operator: Caller;

beforeAll(async () => {
  await seedRows({ letters: 80, products: 60, orders: 20, vesselSchedules: 10, plazaPosts: 5 });
  [admin, operator] = await Promise.all([callerAs("admin"), callerAs("operator")]);
});

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const one = async <T>(sql: string, params: unknown[] = []) => (await pool().query<T & Record<string, unknown>>(sql, params)).rows[0]!;

describe("update", () => {
  it("sets and clears fields, bumping each row's version once", async () => {
    const before = await rowsById("letters", ids(1, 5));
    const { done } = await runOperation(admin, {
      resource: "letters",
      target: { kind: "ids", ids: ids(1, 5) },
      operation: { type: "update", changes: [{ op: "set", field: "title", value: "Renamed" }, { op: "clear", field: "senderName" }] },
    });
    expect(done.state).toBe("completed");
    expect(done.progress.counts.succeeded).toBe(5);
    const after = await rowsById("letters", ids(1, 5));
    for (const id of ids(1, 5)) {
      expect(after.get(id)).toMatchObject({ title: "Renamed", sender_name: null, version: (before.get(id)!.version as number) + 1 });
    }
  });

  it("clears a NOT NULL text field to empty text and refuses to clear a NOT NULL flag", async () => {
    const posts = await runOperation(admin, {
      resource: "plaza_posts",
      target: { kind: "ids", ids: [1, 2] },
      operation: { type: "update", changes: [{ op: "clear", field: "body" }] },
    });
    expect(posts.done.state).toBe("completed");
    expect([...(await rowsById("plaza_posts", [1, 2])).values()].map((r) => r.body)).toEqual(["", ""]);

    const letters = await runOperation(admin, {
      resource: "letters",
      target: { kind: "ids", ids: [6, 7] },
      operation: { type: "update", changes: [{ op: "clear", field: "anonymous" }] },
    });
    expect(letters.preview.preview.invalid).toBe(2);
    const items = await allItems(admin, letters.preview.id);
    expect(items[0]!.errors).toEqual([{ code: "CONSTRAINT_VIOLATION", field: "anonymous", message: "Anonymous needs a value." }]);
    expect(letters.done.state).toBe("completed");
    expect([...(await rowsById("letters", [6, 7])).values()].every((r) => r.anonymous !== null)).toBe(true);
  });

  it("checks each row's new value against the field's rules", async () => {
    const { preview } = await runOperation(admin, {
      resource: "letters",
      target: { kind: "ids", ids: [8] },
      operation: { type: "update", changes: [{ op: "set", field: "title", value: "x".repeat(201) }] },
    });
    expect((await allItems(admin, preview.id))[0]!.errors).toEqual([
      { code: "CONSTRAINT_VIOLATION", field: "title", message: "Title must be at most 200 characters." },
    ]);
  });

  it("refuses a value of the wrong type or a read-only field for the whole batch", async () => {
    const typeErr = await errorOf(
      admin.batch.validate({ resource: "products", target: { kind: "ids", ids: [1] }, operation: { type: "update", changes: [{ op: "set", field: "stock", value: "many" }] } }),
    );
    expect(typeErr).toMatchObject({ code: "BAD_REQUEST", message: "Stock must be a whole number." });
    const readOnly = await errorOf(
      admin.batch.validate({ resource: "products", target: { kind: "ids", ids: [1] }, operation: { type: "update", changes: [{ op: "set", field: "version", value: 9 }] } }),
    );
    expect(readOnly).toMatchObject({ code: "BAD_REQUEST", message: `Field "Version" is read-only.` });
  });

  it("writes per-row values, reporting a value of the wrong type as FIELD_TYPE_MISMATCH for that item", async () => {
    const { preview, done } = await runOperation(admin, {
      resource: "products",
      target: { kind: "ids", ids: [1] },
      operation: {
        type: "updatePerRow",
        field: "stock",
        values: [
          { id: 1, value: 1001 },
          { id: 2, value: "1002" },
          { id: 3, value: "lots" },
          { id: 999_999, value: 1 },
        ],
      },
    });
    const items = await allItems(admin, preview.id);
    expect(items.map((i) => [i.itemIndex, i.rowId, i.outcome, i.errors?.[0]?.code ?? null])).toEqual([
      [0, 1, "will_change", null],
      [1, 2, "will_change", null],
      [2, 3, "invalid", "FIELD_TYPE_MISMATCH"],
      [3, 999_999, "invalid", "NOT_FOUND"],
    ]);
    expect(done.progress.counts).toMatchObject({ succeeded: 2, invalid: 2 });
    const rows = await rowsById("products", [1, 2]);
    expect([rows.get(1)!.stock, rows.get(2)!.stock]).toEqual([1001, 1002]);
  });

  it("increments and decrements numbers, refusing results below the minimum", async () => {
    const before = await rowsById("products", ids(10, 14));
    await runOperation(admin, {
      resource: "products",
      target: { kind: "ids", ids: ids(10, 14) },
      operation: { type: "update", changes: [{ op: "increment", field: "stock", by: 7 }, { op: "decrement", field: "stock", by: 2 }] },
    });
    const after = await rowsById("products", ids(10, 14));
    for (const id of ids(10, 14)) expect(after.get(id)!.stock).toBe((before.get(id)!.stock as number) + 5);

    const tooFar = await runOperation(admin, {
      resource: "products",
      target: { kind: "ids", ids: [10] },
      operation: { type: "update", changes: [{ op: "decrement", field: "stock", by: 10_000 }] },
    });
    expect((await allItems(admin, tooFar.preview.id))[0]!.errors).toEqual([
      { code: "CONSTRAINT_VIOLATION", field: "stock", message: "Stock must be at least 0." },
    ]);
    expect((await rowsById("products", [10])).get(10)!.stock).toBe(after.get(10)!.stock);
  });

  it("multiplies prices, rounding to the field's scale", async () => {
    const before = await rowsById("products", ids(15, 18));
    await runOperation(admin, {
      resource: "products",
      target: { kind: "ids", ids: ids(15, 18) },
      operation: { type: "update", changes: [{ op: "multiply", field: "price", by: 1.115 }] },
    });
    const { rows } = await pool().query<{ id: number; ok: boolean }>(
      "SELECT id, price = round($2::numeric * 1.115, 2) AS ok FROM products WHERE id = $1",
      [15, before.get(15)!.price],
    );
    expect(rows[0]!.ok).toBe(true);
    const after = await rowsById("products", ids(15, 18));
    for (const id of ids(15, 18)) expect(String(after.get(id)!.price)).toMatch(/^\d+\.\d{2}$/);
  });

  it("previews decimals rounded as the column stores them", async () => {
    await pool().query("UPDATE products SET price = 12.35 WHERE id IN (19, 23)");
    const preview = await admin.batch.validate({
      resource: "products",
      target: { kind: "ids", ids: [19] },
      operation: { type: "updatePerRow", field: "price", values: [{ id: 19, value: 12.349 }, { id: 23, value: "7.005" }] },
    });
    const items = await allItems(admin, preview.id);
    expect(items.map((i) => [i.outcome, i.after])).toEqual([
      ["unchanged", { price: 12.35 }],
      ["will_change", { price: 7.01 }],
    ]);
  });

  it("refuses arithmetic on a field that is not a number", async () => {
    const e = await errorOf(
      admin.batch.validate({ resource: "products", target: { kind: "ids", ids: [1] }, operation: { type: "update", changes: [{ op: "increment", field: "name", by: 1 }] } }),
    );
    expect(e).toMatchObject({ code: "BAD_REQUEST", message: "Name: increment needs a number field." });
  });

  it("adds and removes multi-select options without duplicates, refusing options the field does not offer", async () => {
    await pool().query("UPDATE products SET tags = CASE WHEN id = 20 THEN ARRAY['sale','premium'] ELSE ARRAY['sale'] END WHERE id IN (20, 21, 22)");
    const add = await runOperation(admin, {
      resource: "products",
      target: { kind: "ids", ids: [20, 21, 22] },
      operation: { type: "update", changes: [{ op: "addOption", field: "tags", value: "premium" }, { op: "removeOption", field: "tags", value: "sale" }] },
    });
    expect(add.done.progress.counts.succeeded).toBe(3);
    const rows = await rowsById("products", [20, 21, 22]);
    expect([20, 21, 22].map((id) => rows.get(id)!.tags)).toEqual([["premium"], ["premium"], ["premium"]]);

    const again = await runOperation(admin, {
      resource: "products",
      target: { kind: "ids", ids: [20] },
      operation: { type: "update", changes: [{ op: "addOption", field: "tags", value: "premium" }] },
    });
    expect(again.preview.preview.unchanged).toBe(1);

    const bad = await admin.batch.validate({
      resource: "products",
      target: { kind: "ids", ids: [20] },
      operation: { type: "update", changes: [{ op: "addOption", field: "tags", value: "cheap" }] },
    });
    expect((await allItems(admin, bad.id))[0]!.errors?.[0]).toMatchObject({ code: "CONSTRAINT_VIOLATION", field: "tags" });
  });

  it("finds and replaces text, leaving rows without the text unchanged", async () => {
    await pool().query("UPDATE letters SET title = CASE WHEN id = 12 THEN 'Nothing here' ELSE 'Hello World, World' END WHERE id IN (10, 11, 12)");
    const { preview } = await runOperation(admin, {
      resource: "letters",
      target: { kind: "ids", ids: [10, 11, 12] },
      operation: { type: "update", changes: [{ op: "replace", field: "title", find: "World", replaceWith: "There" }] },
    });
    expect(preview.preview).toMatchObject({ willChange: 2, unchanged: 1 });
    const rows = await rowsById("letters", [10, 11, 12]);
    expect([10, 11, 12].map((id) => rows.get(id)!.title)).toEqual(["Hello There, There", "Hello There, There", "Nothing here"]);
  });
});

describe("status change", () => {
  beforeAll(async () => {
    await pool().query(
      `UPDATE letters SET status = (ARRAY['draft','generated','sent','delivered','failed'])[id - 19] WHERE id BETWEEN 20 AND 24`,
    );
  });

  it("moves rows along allowed transitions and marks the others INVALID_TRANSITION", async () => {
    const { preview, done } = await runOperation(admin, {
      resource: "letters",
      target: { kind: "ids", ids: ids(20, 24) },
      operation: { type: "statusChange", to: "sent", reason: "posted" },
    });
    const items = await allItems(admin, preview.id);
    expect(items.map((i) => [i.rowId, i.outcome, i.errors?.[0]?.code ?? null])).toEqual([
      [20, "invalid", "INVALID_TRANSITION"],
      [21, "will_change", null],
      [22, "unchanged", null],
      [23, "invalid", "INVALID_TRANSITION"],
      [24, "will_change", null],
    ]);
    expect(items[0]!.errors![0]!.message).toBe("Cannot change status from draft to sent.");
    expect(done.progress.counts).toMatchObject({ succeeded: 2, unchanged: 1, invalid: 2 });
    const rows = await rowsById("letters", ids(20, 24));
    expect(ids(20, 24).map((id) => rows.get(id)!.status)).toEqual(["draft", "sent", "sent", "delivered", "sent"]);
  });

  it("lets an admin force a change past the transitions", async () => {
    const { done } = await runOperation(admin, {
      resource: "letters",
      target: { kind: "ids", ids: [23] },
      operation: { type: "statusChange", to: "draft", reason: "reopen", force: true },
    });
    expect(done.progress.counts.succeeded).toBe(1);
    expect((await rowsById("letters", [23])).get(23)!.status).toBe("draft");
  });

  it("refuses force from an operator and a status the resource does not have", async () => {
    const forced = await errorOf(
      operator.batch.validate({ resource: "letters", target: { kind: "ids", ids: [23] }, operation: { type: "statusChange", to: "delivered", reason: "x", force: true } }),
    );
    expect(forced).toMatchObject({ code: "FORBIDDEN", message: "Only admins may force a status change." });
    const unknown = await errorOf(
      admin.batch.validate({ resource: "letters", target: { kind: "ids", ids: [23] }, operation: { type: "statusChange", to: "lost", reason: "x" } }),
    );
    expect(unknown).toMatchObject({ code: "BAD_REQUEST", message: `"lost" is not a status of Letters.` });
  });

  it("holds a plain update, per-row values and an upsert of the status to the same transitions", async () => {
    await pool().query("UPDATE letters SET status = CASE id WHEN 25 THEN 'draft' ELSE 'generated' END WHERE id IN (25, 26)");
    const update = await operator.batch.validate({
      resource: "letters",
      target: { kind: "ids", ids: [25, 26] },
      operation: { type: "update", changes: [{ op: "set", field: "status", value: "sent" }] },
    });
    const perRow = await admin.batch.validate({
      resource: "letters",
      target: { kind: "ids", ids: [25] },
      operation: { type: "updatePerRow", field: "status", values: [{ id: 25, value: "delivered" }, { id: 26, value: "draft" }] },
    });
    await pool().query("UPDATE products SET status = 'discontinued' WHERE id = 30");
    const upsert = await admin.batch.validate({
      resource: "products",
      target: { kind: "items", items: [{ sku: "SKU-00000030", status: "active" }, { sku: "NEW-DISC-1", name: "Old stock", price: 1, status: "discontinued" }] },
      operation: { type: "upsert" },
    });
    const codes = async (batchId: string) => (await allItems(admin, batchId)).map((i) => i.errors?.find((e) => e.code === "INVALID_TRANSITION")?.message ?? null);
    expect(await codes(update.id)).toEqual(["Cannot change status from draft to sent.", null]);
    expect(await codes(perRow.id)).toEqual(["Cannot change status from draft to delivered.", null]);
    expect(await codes(upsert.id)).toEqual(["Cannot change status from discontinued to active.", null]);
  });

  it("requires a reason", async () => {
    const e = await errorOf(admin.batch.validate({ resource: "letters", target: { kind: "ids", ids: [23] }, operation: { type: "statusChange", to: "generated", reason: "  " } }));
    expect(e.code).toBe("BAD_REQUEST");
  });
});

describe("lifecycle", () => {
  it("soft-deletes with a reason and keeps the first deletion of rows already deleted", async () => {
    await pool().query("UPDATE letters SET deleted_at = '2020-01-01', delete_reason = 'earlier' WHERE id = 32");
    const { preview } = await runOperation(admin, {
      resource: "letters",
      target: { kind: "ids", ids: [30, 31, 32] },
      operation: { type: "softDelete", reason: "duplicates" },
    });
    expect(preview.preview).toMatchObject({ willChange: 2, unchanged: 1 });
    const rows = await rowsById("letters", [30, 31, 32]);
    expect(rows.get(30)).toMatchObject({ delete_reason: "duplicates", deleted_at: expect.any(Date) });
    expect(rows.get(32)).toMatchObject({ delete_reason: "earlier", deleted_at: new Date("2020-01-01") });
    const active = await admin.resources.query({ resource: "letters", selection: { filter: { combinator: "and", conditions: [{ field: "id", op: "in", value: [30, 31, 32] }] } } });
    expect(active.total).toBe(0);
  });

  it("archives with a reason and, for letters, a location", async () => {
    await runOperation(admin, {
      resource: "letters",
      target: { kind: "ids", ids: [33, 34] },
      operation: { type: "archive", reason: "closed case", location: "Shelf B-12" },
    });
    const rows = await rowsById("letters", [33, 34]);
    for (const id of [33, 34]) {
      expect(rows.get(id)).toMatchObject({ archive_reason: "closed case", archive_location: "Shelf B-12", archived_at: expect.any(Date) });
    }
  });

  it("restores deleted and archived rows", async () => {
    const { done } = await runOperation(admin, {
      resource: "letters",
      target: { kind: "filter", selection: { scope: "all", filter: { combinator: "and", conditions: [{ field: "id", op: "between", value: [30, 34] }] } } },
      operation: { type: "restore" },
    });
    expect(done.progress.counts).toMatchObject({ succeeded: 5 });
    const { rows } = await pool().query("SELECT id FROM letters WHERE id BETWEEN 30 AND 34 AND (deleted_at IS NOT NULL OR archived_at IS NOT NULL OR delete_reason IS NOT NULL OR archive_location IS NOT NULL)");
    expect(rows).toEqual([]);
  });

  it("hard-deletes rows for an admin, keeping each whole row as the before-image", async () => {
    const { preview, done } = await runOperation(admin, { resource: "letters", target: { kind: "ids", ids: [40, 41] }, operation: { type: "hardDelete" } });
    expect(done.progress.counts.succeeded).toBe(2);
    expect((await rowsById("letters", [40, 41])).size).toBe(0);
    const { rows } = await pool().query<{ before_image: Record<string, unknown> }>("SELECT before_image FROM batch_results WHERE batch_id = $1 ORDER BY seq", [preview.id]);
    expect(rows[0]!.before_image).toMatchObject({ id: 40, title: expect.any(String), content: expect.any(String), ownerId: expect.any(String) });
  });

  it("refuses hard delete to an operator", async () => {
    const e = await errorOf(operator.batch.validate({ resource: "letters", target: { kind: "ids", ids: [42] }, operation: { type: "hardDelete" } }));
    expect(e).toMatchObject({ code: "FORBIDDEN", message: `Your role (operator) may not run "hardDelete" on Letters.` });
    expect((await rowsById("letters", [42])).size).toBe(1);
  });
});

describe("create, upsert and delete by key", () => {
  it("creates rows with defaults and the creator as owner; duplicate keys, bad patterns and missing fields are CONSTRAINT_VIOLATION", async () => {
    const { preview, done } = await runOperation(admin, {
      resource: "products",
      target: {
        kind: "items",
        items: [
          { name: "Lamp", sku: "LAMP-001", price: 19.99, tags: ["new"] },
          { name: "Clash", sku: "SKU-00000001", price: 1 },
          { name: "Twin A", sku: "TWIN-1", price: 1 },
          { name: "Twin B", sku: "TWIN-1", price: 1 },
          { name: "Lowercase", sku: "bad sku", price: 1 },
          { name: "No price", sku: "NOPRICE-1" },
          { name: "Negative", sku: "NEG-1", price: -1 },
        ],
      },
      operation: { type: "create" },
    });
    const items = await allItems(admin, preview.id);
    const reasons = items.map((i) => [i.itemIndex, i.errors?.map((e) => `${e.code}:${e.field}`) ?? []]);
    expect(reasons).toEqual([
      [0, []],
      [1, ["CONSTRAINT_VIOLATION:sku"]],
      [2, ["CONSTRAINT_VIOLATION:sku"]],
      [3, ["CONSTRAINT_VIOLATION:sku"]],
      [4, ["CONSTRAINT_VIOLATION:sku"]],
      [5, ["CONSTRAINT_VIOLATION:price"]],
      [6, ["CONSTRAINT_VIOLATION:price"]],
    ]);
    expect(items[1]!.errors![0]!.message).toBe("SKU must be unique; another row already has this value.");
    expect(items[4]!.errors![0]!.message).toBe("SKU must be 3–32 capital letters, digits or dashes.");
    expect(items[5]!.errors![0]!.message).toBe("Price is required.");
    expect(done.progress.counts).toMatchObject({ succeeded: 1, invalid: 6 });

    const created = await one<{ id: number }>("SELECT * FROM products WHERE sku = 'LAMP-001'");
    expect(created).toMatchObject({ name: "Lamp", price: "19.99", stock: 0, status: "active", tags: ["new"], owner_id: await userId("admin"), version: 1 });
    const lampItem = (await allItems(admin, preview.id, { result: "succeeded" }))[0]!;
    expect(lampItem.rowId).toBe(created.id);
  });

  it("upserts products by SKU: existing rows are updated, new ones created, identical ones left unchanged", async () => {
    const existing = await one<{ id: number; name: string; price: string }>("SELECT id, name, price FROM products WHERE sku = 'SKU-00000005'");
    const same = await one<{ name: string; sku: string; price: string; stock: number; status: string; tags: string[] }>(
      "SELECT name, sku, price, stock, status, tags FROM products WHERE sku = 'SKU-00000006'",
    );
    const { preview, done } = await runOperation(admin, {
      resource: "products",
      target: {
        kind: "items",
        items: [
          { sku: "SKU-00000005", price: 123.45 },
          { sku: "UPSERT-NEW-1", name: "Brand new", price: 3 },
          { ...same, price: Number(same.price) },
        ],
      },
      operation: { type: "upsert" },
    });
    const items = await allItems(admin, preview.id);
    expect(items.map((i) => [i.action, i.outcome])).toEqual([
      ["update", "will_change"],
      ["create", "will_change"],
      ["update", "unchanged"],
    ]);
    expect(done.progress.counts).toMatchObject({ succeeded: 2, unchanged: 1 });
    const updated = await one<{ name: string; price: string }>("SELECT * FROM products WHERE id = $1", [existing.id]);
    expect(updated).toMatchObject({ name: existing.name, price: "123.45" });
    expect(await one("SELECT name, stock FROM products WHERE sku = 'UPSERT-NEW-1'")).toEqual({ name: "Brand new", stock: 0 });
  });

  it("upserts vessel schedules by their composite key", async () => {
    const key = await one<Record<string, string>>(
      `SELECT carrier, port_of_loading AS "portOfLoading", port_of_discharge AS "portOfDischarge", vessel, voyage FROM vessel_schedules WHERE id = 3`,
    );
    const newKey = { carrier: "MAERSK", portOfLoading: "CNSHA", portOfDischarge: "NLRTM", vessel: "EVER TEST", voyage: "001W" };
    const { preview, done } = await runOperation(admin, {
      resource: "vessel_schedules",
      target: {
        kind: "items",
        items: [
          { ...key, price: 2500, gp40: 12 },
          { ...newKey, price: 1800, cutOffAt: "2026-12-24T10:00:00Z" },
          { ...newKey, voyage: "002W", price: 1800 },
          { ...newKey, voyage: "003W", portOfLoading: "Shanghai", price: 1800, cutOffAt: "2026-12-24T10:00:00Z" },
        ],
      },
      operation: { type: "upsert" },
    });
    const items = await allItems(admin, preview.id);
    expect(items.map((i) => [i.action, i.outcome, i.errors?.map((e) => e.field) ?? []])).toEqual([
      ["update", "will_change", []],
      ["create", "will_change", []],
      ["create", "invalid", ["cutOffAt"]],
      ["create", "invalid", ["portOfLoading"]],
    ]);
    expect(done.progress.counts).toMatchObject({ succeeded: 2, invalid: 2 });
    expect(await one("SELECT price, gp40 FROM vessel_schedules WHERE id = 3")).toEqual({ price: "2500.00", gp40: 12 });
    const created = await one("SELECT price, cut_off_at, gp20 FROM vessel_schedules WHERE vessel = 'EVER TEST' AND voyage = '001W'");
    expect(created).toEqual({ price: "1800.00", cut_off_at: new Date("2026-12-24T10:00:00Z"), gp20: 0 });
  });

  it("refuses a new vessel schedule whose composite key is given twice in one batch", async () => {
    const key = { carrier: "MSC", portOfLoading: "SGSIN", portOfDischarge: "DEHAM", vessel: "TWIN STAR", voyage: "9E" };
    const preview = await admin.batch.validate({
      resource: "vessel_schedules",
      target: { kind: "items", items: [{ ...key, price: 1, cutOffAt: "2026-12-01" }, { ...key, price: 2, cutOffAt: "2026-12-01" }] },
      operation: { type: "create" },
    });
    const items = await allItems(admin, preview.id);
    expect(items.map((i) => i.errors?.[0]?.message)).toEqual([
      "Carrier + POL + POD + Vessel + Voyage must be unique; a row with this key already exists.",
      "Carrier + POL + POD + Vessel + Voyage must be unique; a row with this key already exists.",
    ]);
  });

  it("deletes rows by natural key, single or composite", async () => {
    const { done } = await runOperation(admin, {
      resource: "orders",
      target: { kind: "naturalKeys", keys: [{ number: "ORD-00000010" }, { number: "ORD-00000011" }] },
      operation: { type: "deleteByKey" },
    });
    expect(done.progress.counts.succeeded).toBe(2);
    expect((await pool().query("SELECT 1 FROM orders WHERE number IN ('ORD-00000010', 'ORD-00000011')")).rowCount).toBe(0);

    const key = await one<Record<string, string>>(
      `SELECT carrier, port_of_loading AS "portOfLoading", port_of_discharge AS "portOfDischarge", vessel, voyage FROM vessel_schedules WHERE id = 5`,
    );
    const vessel = await runOperation(admin, { resource: "vessel_schedules", target: { kind: "naturalKeys", keys: [key] }, operation: { type: "deleteByKey" } });
    expect(await resultCounts(vessel.preview.id)).toEqual({ succeeded: 1 });
    expect((await rowsById("vessel_schedules", [5])).size).toBe(0);
  });
});
