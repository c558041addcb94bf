import { beforeAll, describe, expect, it } from "vitest";
import { seedRows } from "../../tests/helpers/seed";
import { pool } from "../db";
import { RESOURCES } from "../resources/registry";
import type { ResourceDef } from "../resources/types";
import { resourceCounts } from "./stats";

beforeAll(async () => {
  await seedRows({ letters: 40, products: 10 });
  await pool().query("UPDATE letters SET deleted_at = now(), delete_reason = 'test' WHERE id IN (1, 2, 3)");
  await pool().query("UPDATE letters SET archived_at = now(), archive_reason = 'test' WHERE id IN (4, 5)");
});

describe("dashboard resource counts", () => {
  it("show every registered resource with its live, deleted and archived rows", async () => {
    // dashboard.overview also reads pg-boss's tables, which a test database lacks: call the counts directly.
    const resources = await resourceCounts();
    expect(resources.map((r) => r.name)).toEqual(RESOURCES.map((r) => r.name));
    expect(resources.find((r) => r.name === "letters")).toEqual({ name: "letters", table: "letters", label: "Letters", total: 40, deleted: 3, archived: 2 });
    expect(resources.find((r) => r.name === "products")).toEqual({ name: "products", table: "products", label: "Products", total: 10, deleted: 0, archived: 0 });
    expect(resources.find((r) => r.name === "orders")).toMatchObject({ total: 0, deleted: 0, archived: 0 });
  });

  it("count 0 deleted and archived for a resource without soft delete or archive, whose table lacks those columns", async () => {
    // users has neither deleted_at nor archived_at: a query naming them would fail.
    const plain: ResourceDef = {
      name: "people",
      table: "users",
      label: "People",
      singular: "person",
      titleField: "name",
      fields: [{ name: "name", column: "name", label: "Name", type: "text", pg: "text" }],
      ownerField: "id",
      operations: [],
      defaultSort: { field: "name", dir: "asc" },
    };
    const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM users");
    expect(await resourceCounts([plain, RESOURCES[0]!])).toEqual([
      { name: "people", table: "users", label: "People", total: rows[0]!.n, deleted: 0, archived: 0 },
      { name: "letters", table: "letters", label: "Letters", total: 40, deleted: 3, archived: 2 },
    ]);
  });
});
