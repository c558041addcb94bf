// The migrations folder and prisma/schema.prisma must describe the same database: we build one
// database from each and compare their catalogs.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { expect, it } from "vitest";
import { migrate } from "../server/db/migrator";
import { createDatabase } from "./setup/test-cluster";

const ROOT = path.resolve(import.meta.dirname, "..");
const TOOL = path.resolve(ROOT, "../shared/tools/prisma-migration-sql");

const CATALOG = {
  columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, character_maximum_length,
              numeric_precision, numeric_scale, datetime_precision, column_default
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
            ORDER BY table_name, column_name`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename, indexname`,
  constraints: `SELECT conrelid::regclass::text AS tbl, conname, contype, pg_get_constraintdef(oid) AS def
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype IN ('p','u','f')
                  AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1, 2`,
};

async function catalog(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const out: Record<string, unknown[]> = {};
  for (const [key, sql] of Object.entries(CATALOG)) out[key] = (await client.query(sql)).rows;
  await client.end();
  return out;
}

it("the migrated database matches prisma/schema.prisma (tables, columns, types, nullability, indexes, keys)", async () => {
  expect(fs.existsSync(TOOL), `${TOOL} is needed to turn the schema into SQL`).toBe(true);
  const fromMigrations = await createDatabase("agree_m");
  const fromSchema = await createDatabase("agree_s");

  await migrate(fromMigrations.url);
  const sql = execFileSync(TOOL, ["--from-empty", path.join(ROOT, "prisma/schema.prisma")], {
    env: { ...process.env, DATABASE_URL: fromSchema.url },
    encoding: "utf8",
    timeout: 240_000,
  });
  const client = new pg.Client({ connectionString: fromSchema.url });
  await client.connect();
  await client.query(sql);
  await client.end();

  const [a, b] = await Promise.all([catalog(fromMigrations.url), catalog(fromSchema.url)]);
  expect(a.columns).toEqual(b.columns);
  expect(a.indexes).toEqual(b.indexes);
  expect(a.constraints).toEqual(b.constraints);
}, 300_000);
