// Seeds demo data into DATABASE_URL: `npm run seed -- --letters 1000000 --products 5000`.
// Without counts it seeds the default demo set. Rows are appended. `--demo` also creates the demo
// accounts (once; their passwords are published, so only for a demo or a test database) and gives
// them the rows; without it no account is created and the existing operators and admins own them.
// There is a flag per resource with demo data (`--plaza-posts` for plaza_posts).
import "../server/config-check";
import { parseArgs } from "node:util";
import { disconnect } from "../server/db";
import { DEFAULT_SEED, type SeedCounts } from "../server/seed/domain";
import { seed } from "../server/seed/seed";

const keys = Object.keys(DEFAULT_SEED);
const flag = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const options: Record<string, { type: "string" | "boolean" }> = { demo: { type: "boolean" }, ...Object.fromEntries(keys.map((k) => [flag(k), { type: "string" as const }])) };
const { values } = parseArgs({ options, allowPositionals: false });
const counts: Partial<SeedCounts> = {};
for (const k of keys) {
  const raw = values[flag(k)];
  if (typeof raw !== "string") continue;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${flag(k)} must be a whole number ≥ 0 (got "${raw}")`);
    process.exit(2);
  }
  counts[k] = n;
}
const started = Date.now();
await seed(Object.keys(counts).length ? counts : DEFAULT_SEED, { demo: values.demo === true, log: console.log }).catch(async (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  await disconnect();
  process.exit(1);
});
console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
await disconnect();
