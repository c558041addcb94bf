import { verifyPassword } from "better-auth/crypto";
import { pool } from "../db";
import { logger } from "../logger";
import { bannedNow } from "../users/admin-lock";
import { DEMO_USERS } from "./demo-users";

export type DemoAccount = { role: string; email: string; password: string };

// Demo mode is read from the database itself: the demo accounts that exist, are enabled and still have
// their published password. So `npm start`, a web process started alone and several web processes all
// agree without a flag to keep in step, and the sign-in page stops showing a password the moment it
// is changed (or the account disabled or deleted) — it never shows one that does not work, and never
// one that works outside the demo unless someone gave a real account a published password.
// Hash checks are slow on purpose; each stored hash is checked once per process.
const checked = new Map<string, boolean>();

/** The demo accounts one can sign in with right now, one per role (admin, operator, viewer), or none outside the demo. */
export async function usableDemoAccounts(): Promise<DemoAccount[]> {
  const shown = DEMO_USERS.filter((u, i) => DEMO_USERS.findIndex((v) => v.role === u.role) === i);
  try {
    const { rows } = await pool().query<{ email: string; hash: string }>(
      `SELECT u.email, a.password AS hash FROM users u JOIN accounts a ON a.user_id = u.id AND a.provider_id = 'credential'
        WHERE u.email = ANY ($1) AND a.password IS NOT NULL AND NOT ${bannedNow("u")}`,
      [shown.map((u) => u.email)],
    );
    const usable: DemoAccount[] = [];
    for (const demo of shown) {
      const hash = rows.find((r) => r.email === demo.email)?.hash;
      if (!hash) continue;
      const key = `${demo.email}\n${hash}`;
      if (!checked.has(key)) checked.set(key, await verifyPassword({ hash, password: demo.password }));
      if (checked.get(key)) usable.push({ role: demo.role, email: demo.email, password: demo.password });
    }
    return usable;
  } catch (err) {
    // The sign-in page still renders (without the demo panel) when the database is briefly away.
    logger.warn({ err }, "could not check the demo accounts");
    return [];
  }
}
