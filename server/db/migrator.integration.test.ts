import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createDatabase } from "../../tests/setup/test-cluster";
import { migrate, readMigrations } from "./migrator";

async function emptyDb() {
  const db = await createDatabase("mig");
  return db.url;
}

async function history(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(
    `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`,
  );
  await client.end();
  return rows;
}

describe("migrator", () => {
  it("applies every migration once and records it the way Prisma does", async () => {
    const url = await emptyDb();
    const applied = await migrate(url);
    const onDisk = readMigrations();
    expect(applied).toEqual(onDisk.map((m) => m.name));
    const rows = await history(url);
    expect(rows.map((r) => r.migration_name)).toEqual(onDisk.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(onDisk[i]!.checksum);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
    }
  });

  it("does nothing when run a second time", async () => {
    const url = await emptyDb();
    await migrate(url);
    expect(await migrate(url)).toEqual([]);
    expect((await history(url)).length).toBe(readMigrations().length);
  });

  it("lets concurrent starters race without applying anything twice", async () => {
    const url = await emptyDb();
    const results = await Promise.all(Array.from({ length: 5 }, () => migrate(url)));
    const all = results.flat();
    expect(all.sort()).toEqual(readMigrations().map((m) => m.name).sort());
    expect((await history(url)).length).toBe(readMigrations().length);
  });

  it("refuses a migration edited after it was applied", async () => {
    const url = await emptyDb();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migs-"));
    fs.mkdirSync(path.join(dir, "20260101000000_one"));
    fs.writeFileSync(path.join(dir, "20260101000000_one", "migration.sql"), "CREATE TABLE one (id int);");
    await migrate(url, { dir });
    fs.writeFileSync(path.join(dir, "20260101000000_one", "migration.sql"), "CREATE TABLE one (id bigint);");
    await expect(migrate(url, { dir })).rejects.toThrow(/edited after it was applied/);
  });

  it("rolls back a failing migration completely, recording nothing", async () => {
    const url = await emptyDb();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migs-"));
    fs.mkdirSync(path.join(dir, "20260101000000_bad"));
    fs.writeFileSync(path.join(dir, "20260101000000_bad", "migration.sql"), "CREATE TABLE half (id int); SELECT nope;");
    await expect(migrate(url, { dir })).rejects.toThrow(/20260101000000_bad failed/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = await client.query("SELECT to_regclass('half') AS t");
    const recorded = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    await client.end();
    expect(tables.rows[0].t).toBeNull();
    expect(recorded.rows[0].n).toBe(0);
  });
});
