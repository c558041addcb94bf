import { pool } from "../db";
import { createUserWithPassword } from "../users/users";
import { DEMO_USERS } from "./demo-users";
import { DEFAULT_SEED, seedDomain, type SeedCounts } from "./domain";
import { buildPools } from "./pools";

/** Ensures the demo users exist and returns the ids that own seeded rows (not the viewer). */
export async function ensureDemoUsers(): Promise<string[]> {
  const owners: string[] = [];
  for (const user of DEMO_USERS) {
    const { id } = await createUserWithPassword(user);
    if (user.role !== "viewer") owners.push(id);
  }
  return owners;
}

/** Seeds demo users and `counts` domain rows. */
export async function seed(counts: Partial<SeedCounts>, log: (msg: string) => void = () => {}): Promise<void> {
  const owners = await ensureDemoUsers();
  const client = await pool().connect();
  try {
    await seedDomain(client, buildPools(), counts, owners, log);
  } finally {
    client.release();
  }
}

/** First start: seeds the default demo data when the database has no users yet. */
export async function seedIfEmpty(log: (msg: string) => void = () => {}): Promise<boolean> {
  const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM users");
  if (rows[0]!.n > 0) return false;
  await seed(DEFAULT_SEED, log);
  return true;
}
