// Seeds demo data into DATABASE_URL: `npm run seed -- --letters 1000000 --products 5000`.
// Without flags it seeds the default demo set. Rows are appended; demo users are created once.
// There is a flag per resource with demo data (`--plaza-posts` for plaza_posts).
import "../server/config-check";
import { parseArgs } from "node:util";
import { disconnect } from "../server/db";
import { DEFAULT_SEED, type SeedCounts } from "../server/seed/domain";
import { seed } from "../server/seed/seed";

const keys = Object.keys(DEFAULT_SEED);
const flag = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const { values } = parseArgs({
  options: Object.fromEntries(keys.map((k) => [flag(k), { type: "string" as const }])),
  allowPositionals: false,
});
const counts: Partial<SeedCounts> = {};
for (const k of keys) {
  const raw = values[flag(k)];
  if (raw === undefined) continue;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${flag(k)} must be a whole number ≥ 0 (got "${raw}")`);
    process.exit(2);
  }
  counts[k] = n;
}
const started = Date.now();
await seed(Object.keys(counts).length ? counts : DEFAULT_SEED, console.log);
console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
await disconnect();
