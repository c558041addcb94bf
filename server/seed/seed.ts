import { pool } from "../db";
import { bannedNow } from "../users/admin-lock";
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

/** The enabled operators and admins already in the database, who own rows seeded without `demo`. */
async function existingOwners(): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>(`SELECT id FROM users WHERE role IN ('admin', 'operator') AND NOT ${bannedNow()} ORDER BY created_at, id`);
  if (rows.length === 0) {
    throw new Error("No admin or operator exists to own the rows. Create one with `npm run create-admin`, or pass --demo to add the demo accounts.");
  }
  return rows.map((r) => r.id);
}

/**
 * Seeds `counts` domain rows. With `demo`, the demo accounts (whose passwords are published) are
 * created first and own the rows; without it no account is created and the existing operators and
 * admins own them.
 */
export async function seed(counts: Partial<SeedCounts>, opts: { demo: boolean; log?: (msg: string) => void }): Promise<void> {
  const owners = opts.demo ? await ensureDemoUsers() : await existingOwners();
  const client = await pool().connect();
  try {
    await seedDomain(client, buildPools(), counts, owners, opts.log);
  } finally {
    client.release();
  }
}

/** The embedded database's first start: the demo accounts and the default demo data, when it has no users yet. */
export async function seedDemoIfEmpty(log: (msg: string) => void = () => {}): Promise<boolean> {
  const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM users");
  if (rows[0]!.n > 0) return false;
  await seed(DEFAULT_SEED, { demo: true, log });
  return true;
}
