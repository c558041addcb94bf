import type pg from "pg";
import type { Pools } from "./pools";

export type SeedCounts = {
  letters: number;
  products: number;
  orders: number;
  plazaPosts: number;
  museumItems: number;
  vesselSchedules: number;
  mediaFiles: number;
};

export const DEFAULT_SEED: SeedCounts = {
  letters: 5_000,
  products: 2_000,
  orders: 5_000,
  plazaPosts: 2_000,
  museumItems: 2_000,
  vesselSchedules: 2_000,
  mediaFiles: 2_000,
};

// `pick(arr, g, k)` chooses a pool element from row number g; k decorrelates columns.
const HASH = `CREATE OR REPLACE FUNCTION pg_temp.h(g bigint, k int) RETURNS bigint
  LANGUAGE sql IMMUTABLE AS $$ SELECT hashint8extended(g, k) & 9223372036854775807 $$`;
const PICK = `CREATE OR REPLACE FUNCTION pg_temp.pick(arr text[], g bigint, k int) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT arr[1 + (pg_temp.h(g, k) % cardinality(arr))] $$`;

// Each statement inserts rows g = $1 .. $2; ids come from the sequence, so repeated seeds append.
const STATEMENTS: Record<keyof SeedCounts, (p: Pools) => { sql: string; params: unknown[] }> = {
  letters: (p) => ({
    sql: `INSERT INTO letters (title, content, status, anonymous, sender_name, owner_id, created_at, updated_at)
      SELECT pg_temp.pick($3, g, 1), pg_temp.pick($4, g, 2),
        (ARRAY['draft','draft','draft','draft','draft','draft','generated','generated','generated','generated',
               'generated','sent','sent','sent','sent','sent','delivered','delivered','delivered','failed'])[1 + pg_temp.h(g, 0) % 20],
        g % 10 = 0, CASE WHEN g % 10 = 0 THEN NULL ELSE pg_temp.pick($5, g, 3) END,
        pg_temp.pick($6, g, 4), t, t
      FROM generate_series($1::bigint, $2::bigint) g,
           LATERAL (SELECT now() - (pg_temp.h(g, 5) % 31536000) * interval '1 second' AS t) ts`,
    params: [p.titles, p.paragraphs, p.people],
  }),
  products: (p) => ({
    sql: `INSERT INTO products (name, sku, price, stock, status, tags, owner_id)
      SELECT pg_temp.pick($3, g, 1), 'SKU-' || lpad(g::text, 8, '0'), round((1 + pg_temp.h(g, 0) % 50000) / 100.0, 2),
        pg_temp.h(g, 2) % 500,
        (ARRAY['active','active','active','active','active','active','inactive','inactive','discontinued','active'])[1 + pg_temp.h(g, 3) % 10],
        ARRAY(SELECT DISTINCT pg_temp.pick($4, g, k::int) FROM generate_series(1, 1 + pg_temp.h(g, 4) % 3) k),
        pg_temp.pick($5, g, 4)
      FROM generate_series($1::bigint, $2::bigint) g`,
    params: [p.products, p.tags],
  }),
  orders: (p) => ({
    sql: `INSERT INTO orders (number, customer, total, status, placed_at, owner_id, created_at, updated_at)
      SELECT 'ORD-' || lpad(g::text, 8, '0'), pg_temp.pick($3, g, 1), round((500 + pg_temp.h(g, 0) % 500000) / 100.0, 2),
        (ARRAY['pending','pending','paid','paid','paid','shipped','shipped','delivered','delivered','cancelled'])[1 + pg_temp.h(g, 2) % 10],
        t, pg_temp.pick($4, g, 4), t, t
      FROM generate_series($1::bigint, $2::bigint) g,
           LATERAL (SELECT now() - (pg_temp.h(g, 5) % 15552000) * interval '1 second' AS t) ts`,
    params: [p.people],
  }),
  plazaPosts: (p) => ({
    sql: `INSERT INTO plaza_posts (title, body, status, owner_id)
      SELECT pg_temp.pick($3, g, 1), pg_temp.pick($4, g, 2),
        (ARRAY['draft','published','published','published','hidden'])[1 + pg_temp.h(g, 0) % 5], pg_temp.pick($5, g, 4)
      FROM generate_series($1::bigint, $2::bigint) g`,
    params: [p.titles, p.paragraphs],
  }),
  museumItems: (p) => ({
    sql: `INSERT INTO museum_items (title, description, status, owner_id)
      SELECT pg_temp.pick($3, g, 1), pg_temp.pick($4, g, 2),
        (ARRAY['on_display','in_storage','in_storage','on_loan'])[1 + pg_temp.h(g, 0) % 4], pg_temp.pick($5, g, 4)
      FROM generate_series($1::bigint, $2::bigint) g`,
    params: [p.titles, p.paragraphs],
  }),
  vesselSchedules: (p) => ({
    sql: `INSERT INTO vessel_schedules (carrier, port_of_loading, port_of_discharge, vessel, voyage, price,
        gp20, gp40, hq20, hq40, ot20, ot40, rf20, rf40, cut_off_at, remark, owner_id)
      SELECT pg_temp.pick($3, g, 1), pol, pod, pg_temp.pick($5, g, 4), lpad((g % 1000)::text, 3, '0') || 'E' || g,
        round((80000 + pg_temp.h(g, 0) % 400000) / 100.0, 2),
        pg_temp.h(g, 11) % 40, pg_temp.h(g, 12) % 40, pg_temp.h(g, 13) % 20, pg_temp.h(g, 14) % 40,
        pg_temp.h(g, 15) % 5, pg_temp.h(g, 16) % 5, pg_temp.h(g, 17) % 10, pg_temp.h(g, 18) % 10,
        now() + (pg_temp.h(g, 19) % 5184000) * interval '1 second',
        CASE WHEN g % 4 = 0 THEN pg_temp.pick($6, g, 7) END, pg_temp.pick($7, g, 8)
      FROM generate_series($1::bigint, $2::bigint) g,
           LATERAL (SELECT pg_temp.pick($4, g, 2) AS pol, pg_temp.pick($4, g + 7, 3) AS pod) ports`,
    params: [p.carriers, p.ports, p.vessels, p.remarks],
  }),
  mediaFiles: (p) => ({
    sql: `INSERT INTO media_files (name, source_url, size_bytes, mime_type, download_state, owner_id)
      SELECT name, 'https://files.example.com/media/' || g || '/' || name, NULL,
        CASE WHEN name LIKE '%.png' THEN 'image/png' WHEN name LIKE '%.jpg' OR name LIKE '%.jpeg' THEN 'image/jpeg'
             WHEN name LIKE '%.pdf' THEN 'application/pdf' ELSE 'application/octet-stream' END,
        'pending', pg_temp.pick($4, g, 4)
      FROM generate_series($1::bigint, $2::bigint) g, LATERAL (SELECT pg_temp.pick($3, g, 1) AS name) n`,
    params: [p.fileNames],
  }),
};

const TABLES: Record<keyof SeedCounts, string> = {
  letters: "letters",
  products: "products",
  orders: "orders",
  plazaPosts: "plaza_posts",
  museumItems: "museum_items",
  vesselSchedules: "vessel_schedules",
  mediaFiles: "media_files",
};

const CHUNK = 250_000;

/**
 * Inserts `counts` rows per resource with set-based statements, owners spread over `ownerIds`.
 * Row numbers continue after the table's current maximum id so unique keys stay unique.
 */
export async function seedDomain(
  client: pg.PoolClient | pg.Client,
  pools: Pools,
  counts: Partial<SeedCounts>,
  ownerIds: string[],
  log: (msg: string) => void = () => {},
): Promise<void> {
  await client.query(HASH);
  await client.query(PICK);
  for (const key of Object.keys(STATEMENTS) as (keyof SeedCounts)[]) {
    const n = counts[key] ?? 0;
    if (n <= 0) continue;
    const table = TABLES[key];
    const { rows } = await client.query<{ max: number }>(`SELECT coalesce(max(id), 0)::int AS max FROM ${table}`);
    const start = rows[0]!.max + 1;
    const { sql, params } = STATEMENTS[key](pools);
    const started = Date.now();
    for (let from = start; from < start + n; from += CHUNK) {
      const to = Math.min(from + CHUNK - 1, start + n - 1);
      await client.query(sql, [from, to, ...params, ownerIds]);
    }
    log(`seeded ${n.toLocaleString("en")} ${table} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
}
