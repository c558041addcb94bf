import { pool } from "../../server/db";
import { seedDomain, type SeedCounts } from "../../server/seed/domain";
import { buildPools } from "../../server/seed/pools";
import { ensureDemoUsers } from "../../server/seed/seed";

/** Seeds demo users and `counts` rows into this test file's database. */
export async function seedRows(counts: Partial<SeedCounts>): Promise<void> {
  const owners = await ensureDemoUsers();
  const client = await pool().connect();
  try {
    await seedDomain(client, buildPools(200), counts, owners);
  } finally {
    client.release();
  }
}

/** The id of a demo user by email prefix ("admin", "operator", "operator2", "viewer"). */
export async function userId(prefix: string): Promise<string> {
  const { rows } = await pool().query<{ id: string }>("SELECT id FROM users WHERE email = $1", [`${prefix}@batchdesk.local`]);
  return rows[0]!.id;
}
