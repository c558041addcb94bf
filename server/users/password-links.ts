import crypto from "node:crypto";
import type { ActingUser } from "../auth/actor";
import { getCurrentAdapter } from "better-auth";
import { auth } from "../auth/auth";
import { parseRole } from "../auth/roles";
import { setting } from "../config";
import { pool } from "../db";
import { AppError } from "../errors";
import { auditedAuthChange } from "./audited-change";
import { callAuth } from "./auth-call";
import { assertStrongPassword } from "./password-rule";

// One-time set-password links, for an invited user's first password and for resets (no e-mail is sent
// yet: the admin hands the link over). A link is better-auth's own reset token, so redeeming it is
// better-auth's reset-password endpoint: one use, an expiry, and every session of the account ends.

/** better-auth's verification identifier of a reset token. */
const PREFIX = "reset-password:";

export const INVITE_LINK_HOURS = 7 * 24;
export const RESET_LINK_HOURS = 24;

export type PasswordLink = { url: string; expiresAt: Date };

/** A new link for `userId`, valid `hours`; earlier links of the user stop working. */
export async function createPasswordLink(userId: string, hours: number): Promise<PasswordLink> {
  const ctx = await auth.$context;
  // Through better-auth's current adapter, so inside auditedAuthChange this joins its transaction.
  const adapter = await getCurrentAdapter(ctx.adapter);
  await adapter.deleteMany({ model: "verification", where: [{ field: "value", value: userId }, { field: "identifier", operator: "starts_with", value: PREFIX }] });
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + hours * 3_600_000);
  await ctx.internalAdapter.createVerificationValue({ identifier: PREFIX + token, value: userId, expiresAt });
  const url = new URL("/set-password", setting("APP_URL"));
  url.searchParams.set("token", token);
  return { url: url.toString(), expiresAt };
}

/** Whose link `token` is, while it is valid; null for a used, expired or unknown one. */
export async function linkOwner(token: string): Promise<ActingUser | null> {
  const { rows } = await pool().query<{ id: string; email: string; name: string; role: string }>(
    `SELECT u.id, u.email, u.name, u.role FROM verifications v JOIN users u ON u.id = v.value WHERE v.identifier = $1 AND v.expires_at > now()`,
    [PREFIX + token],
  );
  const row = rows[0];
  return row ? { ...row, role: parseRole(row.role) } : null;
}

/** Sets the password of the link's user (the strength rule applies) and spends the link. */
export async function setPasswordWithLink(token: string, password: string): Promise<{ email: string }> {
  const user = await linkOwner(token);
  if (!user) throw new AppError("BAD_REQUEST", "This link is invalid or has expired. Ask an administrator for a new one.");
  assertStrongPassword(password, [user.email, user.name]);
  await auditedAuthChange(
    () => callAuth(() => auth.api.resetPassword({ body: { token, newPassword: password } })),
    () => ({
      // Not signed in, but proven to be the user by the link the admin handed them.
      actor: { ...user, kind: "system", via: "set-password-link" },
      action: "account.set_password_with_link",
      resource: "users",
      details: { userId: user.id },
    }),
  );
  return { email: user.email };
}
