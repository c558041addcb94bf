import type { Actor } from "../auth/actor";
import { auth } from "../auth/auth";
import { assertAdminRemains, assertMayManageUsers, assertNotSelf } from "../auth/policy";
import { parseRole, type Role } from "../auth/roles";
import { pool } from "../db";
import { AppError } from "../errors";
import type pg from "pg";
import { bannedNow, otherActiveAdmins, withAdminLock } from "./admin-lock";
import { auditedAuthChange } from "./audited-change";
import { callAuth } from "./auth-call";
import { createPasswordLink, RESET_LINK_HOURS, type PasswordLink } from "./password-links";
import { assertStrongPassword } from "./password-rule";

// What admins change on other accounts. Each change is made by better-auth's admin plugin (set-role,
// ban, unban, remove-user, set-user-password), with the policy checked first, and commits together
// with its audit row (auditedAuthChange: one transaction, so no change without its row).
// Changes that could leave no enabled admin run under withAdminLock, which makes "count the other
// admins, then change" one step for every admin at once.

type Target = { id: string; email: string; name: string; role: Role; disabled: boolean };
type By = { actor: Actor; headers: Headers };

async function target(client: pg.PoolClient | pg.Pool, userId: string): Promise<Target> {
  const { rows } = await client.query<{ id: string; email: string; name: string; role: string; disabled: boolean }>(
    `SELECT id, email, name, role, ${bannedNow()} AS disabled FROM users WHERE id = $1`,
    [userId],
  );
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND", "No such user.");
  return { ...row, role: parseRole(row.role) };
}

/** Refuses taking `t` out of the enabled admins when no other enabled admin would remain. */
async function assertNotLastAdmin(client: pg.PoolClient, t: Target): Promise<void> {
  if (t.role === "admin" && !t.disabled) assertAdminRemains(await otherActiveAdmins(client, t.id), t);
}

/** Gives a user another role; demoting the last enabled admin is refused. Takes effect on their next request. */
export async function setUserRole({ actor, headers }: By, input: { userId: string; role: Role }): Promise<void> {
  assertMayManageUsers(actor);
  await withAdminLock(actor, async (client) => {
    const t = await target(client, input.userId);
    if (t.role === input.role) return;
    if (input.role !== "admin") await assertNotLastAdmin(client, t);
    await auditedAuthChange(
      () => callAuth(() => auth.api.setRole({ headers, body: { userId: t.id, role: input.role } })),
      () => ({ actor, action: "user.set_role", resource: "users", details: { userId: t.id, email: t.email, from: t.role, to: input.role } }),
    );
  });
}

/** Disables a user: they cannot sign in, every session ends at once, and nothing they hold acts for them. */
export async function disableUser({ actor, headers }: By, input: { userId: string; reason?: string }): Promise<void> {
  assertMayManageUsers(actor);
  assertNotSelf(actor, input.userId, "disable");
  await withAdminLock(actor, async (client) => {
    const t = await target(client, input.userId);
    if (t.disabled) return;
    await assertNotLastAdmin(client, t);
    // The plugin sets banned and deletes the user's sessions.
    await auditedAuthChange(
      () => callAuth(() => auth.api.banUser({ headers, body: { userId: t.id, banReason: input.reason || "Disabled by an administrator" } })),
      () => ({ actor, action: "user.disable", resource: "users", details: { userId: t.id, email: t.email, ...(input.reason ? { reason: input.reason } : {}) } }),
    );
  });
}

/** Enables a disabled user again; they sign in with the password they had. */
export async function enableUser({ actor, headers }: By, input: { userId: string }): Promise<void> {
  assertMayManageUsers(actor);
  await withAdminLock(actor, async (client) => {
    const t = await target(client, input.userId);
    if (!t.disabled) return;
    await auditedAuthChange(
      () => callAuth(() => auth.api.unbanUser({ headers, body: { userId: t.id } })),
      () => ({ actor, action: "user.enable", resource: "users", details: { userId: t.id, email: t.email } }),
    );
  });
}

/**
 * Deletes a user who owns nothing (a mistaken invite, say). Someone who owns rows, batches or files
 * keeps their history: disable them instead. The last enabled admin cannot be deleted.
 */
export async function deleteUser({ actor, headers }: By, input: { userId: string }): Promise<void> {
  assertMayManageUsers(actor);
  assertNotSelf(actor, input.userId, "delete");
  await withAdminLock(actor, async (client) => {
    const t = await target(client, input.userId);
    await assertNotLastAdmin(client, t);
    if (await ownsRecords(client, t.id)) {
      throw new AppError("CONFLICT", `${t.email} owns records or batches, which keep their owner. Disable the account instead.`);
    }
    await auditedAuthChange(
      () => callAuth(() => auth.api.removeUser({ headers, body: { userId: t.id } })),
      () => ({ actor, action: "user.delete", resource: "users", details: { userId: t.id, email: t.email, role: t.role } }),
    );
  });
}

/** True when any table refers to the user by a foreign key that does not cascade (resource rows, batches, files). */
async function ownsRecords(client: pg.PoolClient, userId: string): Promise<boolean> {
  const { rows: refs } = await client.query<{ tbl: string; col: string }>(
    // regclass and quote_ident print names quoted as SQL needs them, so they can be spliced in below.
    `SELECT c.conrelid::regclass::text AS tbl, quote_ident(a.attname) AS col
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass AND c.confdeltype <> 'c'`,
  );
  if (refs.length === 0) return false;
  const sql = refs.map((r) => `SELECT 1 FROM ${r.tbl} WHERE ${r.col} = $1`).join(" UNION ALL ");
  const { rows } = await client.query(`SELECT EXISTS (${sql}) AS owns`, [userId]);
  return Boolean(rows[0]?.owns);
}

/**
 * Resets another user's password: to a temporary one the admin hands over (the strength rule applies,
 * and the user's sessions end), or with a set-password link (sessions end when it is used).
 */
export async function resetUserPassword(
  { actor, headers }: By,
  input: { userId: string; access: { kind: "password"; password: string } | { kind: "link" } },
): Promise<{ link: PasswordLink | null }> {
  assertMayManageUsers(actor);
  if (actor.id === input.userId) throw new AppError("BAD_REQUEST", "Change your own password on your account page.");
  const t = await target(pool(), input.userId);
  if (input.access.kind === "link") {
    const link = await auditedAuthChange(
      () => createPasswordLink(t.id, RESET_LINK_HOURS),
      () => ({ actor, action: "user.password_link", resource: "users", details: { userId: t.id, email: t.email } }),
    );
    return { link };
  }
  const password = input.access.password;
  assertStrongPassword(password, [t.email, t.name]);
  await auditedAuthChange(
    async () => {
      await callAuth(() => auth.api.setUserPassword({ headers, body: { userId: t.id, newPassword: password } }));
      await callAuth(() => auth.api.revokeUserSessions({ headers, body: { userId: t.id } }));
    },
    () => ({ actor, action: "user.reset_password", resource: "users", details: { userId: t.id, email: t.email } }),
  );
  return { link: null };
}
