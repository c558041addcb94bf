import { beforeAll, describe, expect, it } from "vitest";
import { errorOf, idsWhere } from "../../tests/helpers/batch";
import { callerAs } from "../../tests/helpers/session";
import { seedRows } from "../../tests/helpers/seed";
import { pool } from "../db";

let viewer: Awaited<ReturnType<typeof callerAs>>;

beforeAll(async () => {
  await seedRows({ letters: 60, products: 20 });
  await pool().query("UPDATE letters SET deleted_at = now(), delete_reason = 'test' WHERE id IN (1, 2, 3)");
  await pool().query("UPDATE letters SET archived_at = now(), archive_reason = 'test' WHERE id IN (4, 5, 6, 7)");
  viewer = await callerAs("viewer");
});

describe("resources.query", () => {
  it("pages through the active rows without overlap and reports the total", async () => {
    const p1 = await viewer.resources.query({ resource: "letters", sort: { field: "id", dir: "asc" }, page: 1, pageSize: 25 });
    const p3 = await viewer.resources.query({ resource: "letters", sort: { field: "id", dir: "asc" }, page: 3, pageSize: 25 });
    expect(p1.total).toBe(53);
    expect(p1.rows.map((r) => r.id)).toEqual((await idsWhere("letters", "deleted_at IS NULL AND archived_at IS NULL")).slice(0, 25));
    expect(p3.rows).toHaveLength(3);
    expect(p3.rows.map((r) => r.id)).toEqual([58, 59, 60]);
  });

  it("returns fields under their API names with the owner's name", async () => {
    const operator = await callerAs("operator");
    const { rows } = await operator.resources.query({ resource: "letters", pageSize: 1 });
    expect(rows[0]).toMatchObject({ id: expect.any(Number), title: expect.any(String), ownerId: expect.any(String), ownerName: expect.any(String) });
    expect(rows[0]).toHaveProperty("senderName");
    expect(rows[0]).not.toHaveProperty("sender_name");
  });

  it("sorts by any field in either direction, ties broken by id", async () => {
    const { rows } = await viewer.resources.query({ resource: "letters", sort: { field: "title", dir: "desc" }, pageSize: 100 });
    const expected = await idsWhere("letters", "deleted_at IS NULL AND archived_at IS NULL", [], "title DESC NULLS LAST, id DESC");
    expect(rows.map((r) => r.id)).toEqual(expected);
  });

  it("filters with condition groups", async () => {
    const { total, rows } = await viewer.resources.query({
      resource: "letters",
      pageSize: 100,
      selection: {
        filter: {
          combinator: "or",
          conditions: [
            { field: "status", op: "eq", value: "delivered" },
            { combinator: "and", conditions: [{ field: "status", op: "eq", value: "draft" }, { field: "anonymous", op: "eq", value: true }] },
          ],
        },
      },
    });
    const expected = await idsWhere(
      "letters",
      "deleted_at IS NULL AND archived_at IS NULL AND (status = 'delivered' OR (status = 'draft' AND anonymous))",
    );
    expect(total).toBe(expected.length);
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected);
  });

  it("shows active, archived or deleted rows by scope", async () => {
    const ids = async (scope: "active" | "archived" | "deleted" | "all") =>
      (await viewer.resources.query({ resource: "letters", selection: { scope }, sort: { field: "id", dir: "asc" }, pageSize: 100 })).rows.map((r) => r.id);
    expect(await ids("deleted")).toEqual([1, 2, 3]);
    expect(await ids("archived")).toEqual([4, 5, 6, 7]);
    expect(await ids("active")).not.toContain(1);
    expect(await ids("all")).toHaveLength(60);
  });

  it("quick-searches text fields and ids", async () => {
    const { rows: sample } = await pool().query<{ title: string }>("SELECT title FROM letters WHERE id = 20");
    const word = sample[0]!.title.split(" ")[0]!;
    const byWord = await viewer.resources.query({ resource: "letters", selection: { q: word }, pageSize: 100 });
    const expected = await idsWhere("letters", "deleted_at IS NULL AND archived_at IS NULL AND (title ILIKE $1 OR sender_name ILIKE $1)", [`%${word}%`]);
    expect(byWord.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected);
    const byId = await viewer.resources.query({ resource: "letters", selection: { q: "42" } });
    expect(byId.rows.map((r) => r.id)).toContain(42);
  });

  it("answers a search for a number too large for an id instead of failing", async () => {
    const out = await viewer.resources.query({ resource: "letters", selection: { q: "99999999999" } });
    expect(out.total).toBe(0);
  });

  it("counts the rows a selection matches", async () => {
    const n = await viewer.resources.count({ resource: "letters", selection: { scope: "archived" } });
    expect(n).toBe(4);
  });

  it("refuses unknown resources, unknown sort fields and sorting by a list field", async () => {
    expect((await errorOf(viewer.resources.query({ resource: "nope" }))).code).toBe("NOT_FOUND");
    const badSort = await errorOf(viewer.resources.query({ resource: "letters", sort: { field: "secret", dir: "asc" } }));
    expect(badSort).toMatchObject({ code: "BAD_REQUEST", message: `Unknown field "secret" on Letters.` });
    expect((await errorOf(viewer.resources.query({ resource: "products", sort: { field: "tags", dir: "asc" } }))).code).toBe("BAD_REQUEST");
  });
});

describe("resources.meta", () => {
  it("lists the operations each role may run: viewers none, operators no destructive ones, admins all", async () => {
    const byRole = async (role: "admin" | "operator" | "viewer") => {
      const meta = await (await callerAs(role)).resources.meta();
      return Object.fromEntries(meta.map((r) => [r.name, r]));
    };
    const [admin, operator, viewerMeta] = await Promise.all([byRole("admin"), byRole("operator"), byRole("viewer")]);
    for (const r of Object.values(viewerMeta)) expect(r.operations).toEqual([]);
    expect(admin.products!.operations).toEqual(expect.arrayContaining(["update", "hardDelete", "upsert", "deleteByKey"]));
    expect(operator.products!.operations).toContain("upsert");
    expect(operator.products!.operations).not.toContain("hardDelete");
    expect(operator.products!.operations).not.toContain("deleteByKey");
    expect(admin.letters!.canForce).toBe(true);
    expect(operator.letters!.canForce).toBe(false);
    expect(admin.letters!.fields.find((f) => f.name === "title")).not.toHaveProperty("column");
    expect(admin.letters!.status?.transitions.draft).toEqual(["generated"]);
  });
});
