import { beforeAll, describe, expect, it } from "vitest";
import { allItems, errorOf, idsWhere, tableDigest, type Caller } from "../../tests/helpers/batch";
import { callerAs } from "../../tests/helpers/session";
import { seedRows } from "../../tests/helpers/seed";
import { pool } from "../db";
import type { Condition, FilterGroup } from "../contracts/filter";
import type { BatchInput } from "../contracts/batch";

let admin: Caller;

beforeAll(async () => {
  await seedRows({ letters: 300, products: 120, orders: 20 });
  await pool().query("UPDATE products SET tags = NULL WHERE id IN (1, 2, 3)"); // the column allows it
  admin = await callerAs("admin");
});

const ACTIVE = "deleted_at IS NULL AND archived_at IS NULL";
const and = (...conditions: (Condition | FilterGroup)[]): FilterGroup => ({ combinator: "and", conditions });
type Operation = BatchInput["operation"];
const touchLetters: Operation = { type: "update", changes: [{ op: "set", field: "senderName", value: "Batch" }] };
const touchProducts: Operation = { type: "update", changes: [{ op: "set", field: "name", value: "Batch" }] };

async function batchCount(): Promise<number> {
  const { rows } = await pool().query<{ n: number }>("SELECT (SELECT count(*) FROM batches) + (SELECT count(*) FROM batch_items) AS n");
  return rows[0]!.n;
}

describe("explicit ids", () => {
  it("makes one item per distinct id and a NOT_FOUND item for an id that does not exist", async () => {
    const preview = await admin.batch.validate({ resource: "letters", target: { kind: "ids", ids: [3, 1, 3, 999_999] }, operation: touchLetters });
    expect(preview.preview).toMatchObject({ total: 3, invalid: 1 });
    const items = await allItems(admin, preview.id);
    expect(items.map((i) => i.rowId)).toEqual([3, 1, 999_999]);
    expect(items[2]).toMatchObject({ outcome: "invalid", errors: [{ code: "NOT_FOUND", message: "No such letter." }], before: null });
  });

  it("refuses an id beyond the id column's range with a clear BAD_REQUEST", async () => {
    const e = await errorOf(admin.batch.validate({ resource: "letters", target: { kind: "ids", ids: [1, 3_000_000_000] }, operation: touchLetters }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toContain("Row ids go up to 2147483647.");
  });
});

describe("filter", () => {
  it("resolves condition groups on the server and leaves out excluded ids", async () => {
    const filter: FilterGroup = {
      combinator: "or",
      conditions: [
        { field: "status", op: "eq", value: "failed" },
        and({ field: "status", op: "eq", value: "draft" }, { field: "anonymous", op: "eq", value: true }),
      ],
    };
    const matching = await idsWhere("letters", `${ACTIVE} AND (status = 'failed' OR (status = 'draft' AND anonymous))`);
    const excluded = matching.slice(0, 2);
    const preview = await admin.batch.validate({
      resource: "letters",
      target: { kind: "filter", selection: { filter }, excludeIds: excluded },
      operation: touchLetters,
    });
    const items = await allItems(admin, preview.id);
    expect(items.map((i) => i.rowId)).toEqual(matching.slice(2));
  });

  const cases: [string, string, Condition, string][] = [
    ["eq", "letters", { field: "status", op: "eq", value: "draft" }, "status = 'draft'"],
    ["neq", "letters", { field: "status", op: "neq", value: "draft" }, "status <> 'draft'"],
    ["lt", "products", { field: "price", op: "lt", value: 100 }, "price < 100"],
    ["lte", "products", { field: "stock", op: "lte", value: "50" }, "stock <= 50"],
    ["gt", "products", { field: "price", op: "gt", value: "250.5" }, "price > 250.5"],
    ["gte", "letters", { field: "id", op: "gte", value: 290 }, "id >= 290"],
    ["in", "products", { field: "status", op: "in", value: ["inactive", "discontinued"] }, "status IN ('inactive', 'discontinued')"],
    ["contains", "letters", { field: "title", op: "contains", value: "ET" }, "title ILIKE '%et%'"],
    ["startsWith", "products", { field: "sku", op: "startsWith", value: "SKU-0000010" }, "sku LIKE 'SKU-0000010%'"],
    ["isNull", "letters", { field: "senderName", op: "isNull" }, "sender_name IS NULL"],
    ["isNotNull", "letters", { field: "senderName", op: "isNotNull" }, "sender_name IS NOT NULL"],
    ["between", "products", { field: "stock", op: "between", value: [100, 200] }, "stock BETWEEN 100 AND 200"],
    ["between dates", "letters", { field: "createdAt", op: "between", value: ["2000-01-01", new Date(Date.now() - 90 * 86400_000).toISOString()] }, "created_at BETWEEN '2000-01-01' AND now() - interval '90 days'"],
    ["contains on a multi-select", "products", { field: "tags", op: "contains", value: "eco" }, "'eco' = ANY(tags)"],
    ["neq on a multi-select", "products", { field: "tags", op: "neq", value: "eco" }, "NOT ('eco' = ANY(coalesce(tags, '{}')))"],
    ["in on a multi-select", "products", { field: "tags", op: "in", value: ["sale", "gift"] }, "tags && ARRAY['sale', 'gift']"],
    ["eq on a boolean", "letters", { field: "anonymous", op: "eq", value: "true" }, "anonymous"],
  ];
  it.each(cases)("selects exactly the rows the %s operator matches", async (_name, resource, condition, sql) => {
    const expected = await idsWhere(resource, `${ACTIVE} AND (${sql})`);
    expect(expected.length).toBeGreaterThan(0);
    const preview = await admin.batch.validate({
      resource,
      target: { kind: "filter", selection: { filter: and(condition) } },
      operation: resource === "letters" ? touchLetters : touchProducts,
    });
    expect(preview.preview.total).toBe(expected.length);
    expect((await allItems(admin, preview.id)).map((i) => i.rowId)).toEqual(expected);
  });

  it("refuses an unknown field with a clear BAD_REQUEST and writes nothing", async () => {
    const before = await batchCount();
    const e = await errorOf(
      admin.batch.validate({ resource: "letters", target: { kind: "filter", selection: { filter: and({ field: "colour", op: "eq", value: "red" }) } }, operation: touchLetters }),
    );
    expect(e).toMatchObject({ code: "BAD_REQUEST", message: `Unknown field "colour" on Letters.` });
    expect(await batchCount()).toBe(before);
  });

  it("refuses a value the operator cannot use with a clear BAD_REQUEST and writes nothing", async () => {
    const before = await batchCount();
    const target = (condition: Condition) => ({ kind: "filter" as const, selection: { filter: and(condition) } });
    const typeErr = await errorOf(admin.batch.validate({ resource: "letters", target: target({ field: "id", op: "gt", value: "ten" }), operation: touchLetters }));
    expect(typeErr).toMatchObject({ code: "BAD_REQUEST", message: "Filter on ID: ID must be a whole number." });
    const between = await errorOf(admin.batch.validate({ resource: "letters", target: target({ field: "id", op: "between", value: 5 }), operation: touchLetters }));
    expect(between.message).toContain(`"between" needs two values`);
    const unknownOp = await errorOf(
      admin.batch.validate({ resource: "letters", target: { kind: "filter", selection: { filter: { combinator: "and", conditions: [{ field: "id", op: "like" as "eq", value: 1 }] } } }, operation: touchLetters }),
    );
    expect(unknownOp.code).toBe("BAD_REQUEST");
    expect(await batchCount()).toBe(before);
  });

  it("binds values as parameters: an SQL-looking value matches nothing and the table stays intact", async () => {
    const digest = await tableDigest("letters");
    const evil = "x'; DROP TABLE letters; --";
    const preview = await admin.batch.validate({
      resource: "letters",
      target: { kind: "filter", selection: { filter: and({ field: "title", op: "eq", value: evil }), q: "' OR 1=1 --" } },
      operation: touchLetters,
    });
    expect(preview.preview.total).toBe(0);
    const fieldAttack = await errorOf(
      admin.batch.validate({ resource: "letters", target: { kind: "filter", selection: { filter: and({ field: "title; drop table letters", op: "eq", value: "x" }) } }, operation: touchLetters }),
    );
    expect(fieldAttack.code).toBe("BAD_REQUEST");
    expect(await tableDigest("letters")).toBe(digest);
  });

  it("refuses a filter target for an operation that needs items", async () => {
    const e = await errorOf(admin.batch.validate({ resource: "products", target: { kind: "filter", selection: {} }, operation: { type: "create" } }));
    expect(e).toMatchObject({ code: "BAD_REQUEST", message: "A create batch needs a list of items." });
  });
});

describe("items and natural keys", () => {
  it("reports item errors under the item's index: unknown field, read-only field, wrong type", async () => {
    const preview = await admin.batch.validate({
      resource: "products",
      target: {
        kind: "items",
        items: [
          { name: "Good", sku: "NEW-GOOD-1", price: 5 },
          { name: "Extra", sku: "NEW-EXTRA-1", price: 5, colour: "red" },
          { name: "Typed", sku: "NEW-TYPED-1", price: "five" },
          { name: "Id", sku: "NEW-ID-1", price: 5, id: 7 },
        ],
      },
      operation: { type: "create" },
    });
    expect(preview.preview).toMatchObject({ total: 4, willChange: 1, invalid: 3 });
    const items = await allItems(admin, preview.id);
    expect(items.map((i) => [i.itemIndex, i.outcome, i.errors?.[0]?.code ?? null, i.errors?.[0]?.field ?? null])).toEqual([
      [0, "will_change", null, null],
      [1, "invalid", "UNKNOWN_FIELD", "colour"],
      [2, "invalid", "FIELD_TYPE_MISMATCH", "price"],
      [3, "invalid", "READ_ONLY_FIELD", "id"],
    ]);
  });

  it("matches natural keys to rows; an unknown key is NOT_FOUND and only key fields are accepted", async () => {
    const preview = await admin.batch.validate({
      resource: "orders",
      target: { kind: "naturalKeys", keys: [{ number: "ORD-00000002" }, { number: "ORD-99999999" }, { number: "ORD-00000003", total: 1 }] },
      operation: { type: "deleteByKey" },
    });
    const items = await allItems(admin, preview.id);
    expect(items.map((i) => [i.itemIndex, i.rowId, i.outcome, i.errors?.[0]?.code ?? null])).toEqual([
      [0, 2, "will_change", null],
      [1, null, "invalid", "NOT_FOUND"],
      [2, 3, "invalid", "UNKNOWN_FIELD"],
    ]);
  });
});

describe("dry run", () => {
  it("writes nothing to the resource table", async () => {
    const digest = await tableDigest("letters");
    const preview = await admin.batch.validate({
      resource: "letters",
      target: { kind: "filter", selection: { scope: "all" } },
      operation: { type: "softDelete", reason: "dry run only" },
    });
    expect(preview.state).toBe("previewed");
    expect(preview.preview.willChange).toBe(300);
    expect(await tableDigest("letters")).toBe(digest);
  });

  it("summarises outcomes and pages items filtered by outcome", async () => {
    const preview = await admin.batch.validate({
      resource: "letters",
      target: { kind: "filter", selection: {} },
      operation: { type: "statusChange", to: "generated", reason: "preview" },
    });
    const count = async (where: string) => (await idsWhere("letters", `${ACTIVE} AND ${where}`)).length;
    expect(preview.preview).toEqual({
      total: 300,
      willChange: await count("status = 'draft'"),
      unchanged: await count("status = 'generated'"),
      invalid: await count("status IN ('sent', 'delivered', 'failed')"),
      fieldsTouched: ["status"],
      fieldChanges: { status: await count("status = 'draft'") },
    });
    const page1 = await admin.batch.items({ batchId: preview.id, outcome: "invalid", pageSize: 20 });
    const page2 = await admin.batch.items({ batchId: preview.id, outcome: "invalid", pageSize: 20, page: 2 });
    expect(page1.total).toBe(preview.preview.invalid);
    expect(page1.items).toHaveLength(20);
    expect(page1.items.every((i) => i.outcome === "invalid" && i.errors?.[0]?.code === "INVALID_TRANSITION")).toBe(true);
    expect(page2.items[0]!.seq).toBeGreaterThan(page1.items[19]!.seq);
    const changing = await admin.batch.items({ batchId: preview.id, outcome: "will_change", pageSize: 1 });
    expect(changing.items[0]).toMatchObject({ before: { status: "draft" }, after: { status: "generated" }, result: null });
  });

  it("counts, per field, the rows the batch will change in it", async () => {
    const ids = (await idsWhere("letters", ACTIVE)).slice(0, 6);
    await pool().query("UPDATE letters SET sender_name = 'Same sender' WHERE id = ANY($1)", [ids.slice(0, 4)]);
    const preview = await admin.batch.validate({
      resource: "letters",
      target: { kind: "ids", ids },
      operation: { type: "update", changes: [{ op: "set", field: "senderName", value: "Same sender" }, { op: "set", field: "title", value: "Counted per field" }] },
    });
    expect(preview.preview).toMatchObject({ willChange: 6, fieldChanges: { senderName: 2, title: 6 } });
    await admin.batch.discard({ batchId: preview.id });
  });
});

describe("duplicate targets", () => {
  it("marks a later item that targets the same row as an earlier one invalid, so each row is written once", async () => {
    const perRow = await admin.batch.validate({
      resource: "products",
      target: { kind: "ids", ids: [1] },
      operation: { type: "updatePerRow", field: "stock", values: [{ id: 5, value: 1 }, { id: 6, value: 2 }, { id: 5, value: 3 }] },
    });
    const upsert = await admin.batch.validate({
      resource: "products",
      target: { kind: "items", items: [{ sku: "SKU-00000007", stock: 1 }, { sku: "SKU-00000007", stock: 2 }] },
      operation: { type: "upsert" },
    });
    const byKey = await admin.batch.validate({
      resource: "orders",
      target: { kind: "naturalKeys", keys: [{ number: "ORD-00000004" }, { number: "ORD-00000004" }] },
      operation: { type: "deleteByKey" },
    });
    for (const batch of [perRow, upsert, byKey]) {
      const items = await allItems(admin, batch.id);
      const last = items.at(-1)!;
      expect(last.outcome).toBe("invalid");
      expect(last.errors).toEqual([{ code: "DUPLICATE_TARGET", field: null, message: "An earlier item in this batch already targets this row." }]);
      expect(items[0]!.outcome).not.toBe("invalid");
    }
  });
});
