import type pg from "pg";
import { RESOURCES } from "../resources/registry";
import type { DemoData, ResourceDef } from "../resources/types";
import { ident } from "../sql/params";
import type { Pools } from "./pools";

/**
 * Rows to seed per resource, keyed by the resource's name in camelCase (`plaza_posts` → `plazaPosts`;
 * `scripts/seed.ts` takes it as `--plaza-posts`).
 */
export type SeedCounts = Record<string, number>;

type Seeded = ResourceDef & { demo: DemoData };

/** The resources that describe demo rows, in registry order. */
const SEEDED = RESOURCES.filter((r): r is Seeded => r.demo !== undefined);

/** The key of a resource in `SeedCounts`. */
export const seedKey = (res: ResourceDef) => res.name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const byKey = new Map(SEEDED.map((r) => [seedKey(r), r]));

/** The default demo set: each resource's own `demo.rows`. */
export const DEFAULT_SEED: SeedCounts = Object.fromEntries(SEEDED.map((r) => [seedKey(r), r.demo.rows]));

// `pick(arr, g, k)` chooses a pool element from row number g; k decorrelates columns.
const HASH = `CREATE OR REPLACE FUNCTION pg_temp.h(g bigint, k int) RETURNS bigint
  LANGUAGE sql IMMUTABLE AS $$ SELECT hashint8extended(g, k) & 9223372036854775807 $$`;
const PICK = `CREATE OR REPLACE FUNCTION pg_temp.pick(arr text[], g bigint, k int) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT arr[1 + (pg_temp.h(g, k) % cardinality(arr))] $$`;

const CHUNK = 250_000;

/**
 * Inserts `counts` rows per resource with each resource's set-based demo statement, owners spread
 * over `ownerIds`. Row numbers continue after the table's current maximum id so unique keys stay
 * unique; ids come from the sequence, so repeated seeds append. An unknown key is refused.
 */
export async function seedDomain(
  client: pg.PoolClient | pg.Client,
  pools: Pools,
  counts: Partial<SeedCounts>,
  ownerIds: string[],
  log: (msg: string) => void = () => {},
): Promise<void> {
  const unknown = Object.keys(counts).filter((k) => !byKey.has(k));
  if (unknown.length) throw new Error(`No demo data for ${unknown.join(", ")} (known: ${[...byKey.keys()].join(", ")}).`);
  await client.query(HASH);
  await client.query(PICK);
  for (const res of SEEDED) {
    const n = counts[seedKey(res)] ?? 0;
    if (n <= 0) continue;
    const { rows } = await client.query<{ max: number }>(`SELECT coalesce(max(id), 0)::int AS max FROM ${ident(res.table)}`);
    const start = rows[0]!.max + 1;
    const { sql, params } = res.demo.insert(pools);
    const started = Date.now();
    for (let from = start; from < start + n; from += CHUNK) {
      const to = Math.min(from + CHUNK - 1, start + n - 1);
      await client.query(sql, [from, to, ...params, ownerIds]);
    }
    log(`seeded ${n.toLocaleString("en")} ${res.table} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
}
