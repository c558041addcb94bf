import { setting } from "../config";
import { pool } from "../db";
import { normalizeError } from "../errors";
import { bannedNow } from "./admin-lock";
import { createUser } from "./create";
import { createUserSchema } from "./schemas";

/** True when some enabled admin exists. */
export async function activeAdminExists(): Promise<boolean> {
  const { rows } = await pool().query<{ yes: boolean }>(`SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND NOT ${bannedNow()}) AS yes`);
  return rows[0]!.yes;
}

/** How to get a first admin, for the start banner and the web process's log. */
export const FIRST_ADMIN_HINT =
  "No admin account exists yet. Create one with `npm run create-admin` (it asks for email, name and password), " +
  "or set BATCHDESK_ADMIN_EMAIL and BATCHDESK_ADMIN_PASSWORD for one start, then remove them.";

/**
 * On a start with no enabled admin, creates one from BATCHDESK_ADMIN_EMAIL / BATCHDESK_ADMIN_PASSWORD
 * when both are set (the password must pass the strength rule); once an admin exists they are ignored.
 * Starting processes serialise on a lock, so two of them never both create it.
 */
export async function ensureFirstAdmin(): Promise<"exists" | "created" | "missing"> {
  const email = setting("BATCHDESK_ADMIN_EMAIL");
  const password = setting("BATCHDESK_ADMIN_PASSWORD");
  if (Boolean(email) !== Boolean(password)) {
    throw new Error("Set both BATCHDESK_ADMIN_EMAIL and BATCHDESK_ADMIN_PASSWORD (or neither): the first admin needs an email address and a password.");
  }
  const client = await pool().connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('batchdesk:first-admin'))`);
    if (await activeAdminExists()) return "exists";
    if (!email || !password) return "missing";
    const parsed = createUserSchema.safeParse({ email, name: "Administrator", role: "admin", access: { kind: "password", password } });
    if (!parsed.success) throw new Error(`BATCHDESK_ADMIN_EMAIL / BATCHDESK_ADMIN_PASSWORD: ${parsed.error.issues.map((i) => i.message).join(" ")}`);
    try {
      await createUser({ setup: "BATCHDESK_ADMIN_EMAIL" }, parsed.data);
    } catch (err) {
      // A refusal (weak password, taken address) in words, without the field prefix of the form's message.
      const known = normalizeError(err);
      if (known) throw new Error(`BATCHDESK_ADMIN_PASSWORD / BATCHDESK_ADMIN_EMAIL: ${known.message.replace(/^\w+: /, "")}`);
      throw err;
    }
    return "created";
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext('batchdesk:first-admin'))`).catch(() => {});
    client.release();
  }
}
