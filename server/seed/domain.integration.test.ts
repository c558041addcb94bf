import { describe, expect, it } from "vitest";
import { seedRows } from "../../tests/helpers/seed";
import { pool } from "../db";
import { RESOURCES } from "../resources/registry";
import { DEFAULT_SEED, seedKey } from "./domain";

describe("demo data", () => {
  it("the default set seeds every resource that describes demo rows, under its camelCase key", () => {
    expect(Object.keys(DEFAULT_SEED)).toEqual(RESOURCES.filter((r) => r.demo).map(seedKey));
    expect(seedKey(RESOURCES.find((r) => r.name === "plaza_posts")!)).toBe("plazaPosts");
  });

  it("seeds the requested rows into each resource's table, appending on a second run", async () => {
    const counts = Object.fromEntries(Object.keys(DEFAULT_SEED).map((k, i) => [k, i + 2]));
    await seedRows(counts);
    await seedRows({ letters: 5 });
    for (const [i, res] of RESOURCES.filter((r) => r.demo).entries()) {
      const { rows } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${res.table}`);
      expect({ table: res.table, n: rows[0]!.n }).toEqual({ table: res.table, n: i + 2 + (res.name === "letters" ? 5 : 0) });
    }
  });

  it("refuses a count for a resource it does not know", async () => {
    await expect(seedRows({ letterz: 1 })).rejects.toThrow(/No demo data for letterz/);
  });
});
