import ipaddr from "ipaddr.js";
import type { Actor } from "../auth/actor";
import { auth } from "../auth/auth";
import { clearSignInAttempts, countSignInAttempt } from "../auth/sign-in-limit";
import { setting } from "../config";
import { pool } from "../db";
import { AppError } from "../errors";
import { auditedAuthChange } from "./audited-change";
import { callAuth } from "./auth-call";
import { describeDevice } from "./device";
import { assertStrongPassword, fieldError } from "./password-rule";

// The signed-in user's own account: their password and their sessions. Each action is better-auth's
// own endpoint run with the user's request headers (so it acts on their session), committed together
// with its audit row (auditedAuthChange).

type By = { actor: Actor; headers: Headers };

async function currentSessionId(headers: Headers): Promise<string> {
  const session = await auth.api.getSession({ headers });
  if (!session) throw new AppError("UNAUTHORIZED", "Please sign in.");
  return session.session.id;
}

/**
 * Changes the user's password: the current one is required, the new one must pass the strength rule.
 * Wrong current passwords count against the same per-address limit as failed sign-ins, so a stolen
 * session is no way round it. Optionally signs out every other session.
 */
export async function changeOwnPassword(
  { actor, headers }: By,
  input: { currentPassword: string; newPassword: string; signOutOtherSessions: boolean },
): Promise<{ signedOut: number }> {
  if (input.newPassword === input.currentPassword) throw fieldError("newPassword", "Choose a new password that differs from the current one.");
  assertStrongPassword(input.newPassword, [actor.email, actor.name], "newPassword");
  const email = actor.email.toLowerCase();
  if (setting("AUTH_RATE_LIMIT")) {
    const { attempts, retryAfterSeconds } = await countSignInAttempt(email);
    if (attempts > setting("AUTH_SIGNIN_PER_ACCOUNT")) {
      throw new AppError("TOO_MANY_REQUESTS", `Too many wrong passwords for this account. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`);
    }
  }
  const signedOut = await auditedAuthChange(
    async () => {
      await callAuth(() => auth.api.changePassword({ headers, body: { currentPassword: input.currentPassword, newPassword: input.newPassword } })).catch((err: unknown) => {
        throw err instanceof AppError && err.code === "BAD_REQUEST" ? fieldError("currentPassword", err.message) : err;
      });
      return input.signOutOtherSessions ? await revokeOthers(actor.id, headers) : 0;
    },
    (signedOut) => ({ actor, action: "account.change_password", resource: "users", details: { signedOutOtherSessions: signedOut } }),
  );
  await clearSignInAttempts(email);
  return { signedOut };
}

export type OwnSession = { id: string; device: string; ipAddress: string | null; createdAt: Date; lastActiveAt: Date; expiresAt: Date; current: boolean };

// better-auth stores an IPv6 client by its /64 network (the unit its limits count), written out in
// full; shown short and as the network it is (the loopback ::1 would otherwise read as a bare "::").
function shortIp(ip: string | null): string | null {
  if (!ip || !ipaddr.isValid(ip)) return ip;
  const parsed = ipaddr.parse(ip);
  return parsed.kind() === "ipv6" ? `${parsed.toString()}/64` : parsed.toString();
}

/** The user's open sessions, the most recently active first, marking the one making this request. */
export async function listOwnSessions({ actor, headers }: By): Promise<OwnSession[]> {
  const current = await currentSessionId(headers);
  const { rows } = await pool().query<{ id: string; user_agent: string | null; ip_address: string | null; created_at: Date; last_active_at: Date; expires_at: Date }>(
    `SELECT id, user_agent, ip_address, created_at, last_active_at, expires_at FROM sessions
      WHERE user_id = $1 AND expires_at > now() AND impersonated_by IS NULL
      ORDER BY (id = $2) DESC, last_active_at DESC`,
    [actor.id, current],
  );
  return rows.map((r) => ({
    id: r.id,
    device: describeDevice(r.user_agent),
    ipAddress: shortIp(r.ip_address),
    createdAt: r.created_at,
    lastActiveAt: r.last_active_at,
    expiresAt: r.expires_at,
    current: r.id === current,
  }));
}

/** Signs out one of the user's other sessions (this one signs out with the Sign out button). */
export async function revokeOwnSession({ actor, headers }: By, input: { sessionId: string }): Promise<void> {
  if (input.sessionId === (await currentSessionId(headers))) throw new AppError("BAD_REQUEST", "This is the session you are using; sign out with the Sign out button.");
  const { rows } = await pool().query<{ token: string }>(`SELECT token FROM sessions WHERE id = $1 AND user_id = $2`, [input.sessionId, actor.id]);
  // Someone else's session is answered like one that does not exist.
  if (!rows[0]) throw new AppError("NOT_FOUND", "No such session (it may have ended already).");
  const token = rows[0].token;
  await auditedAuthChange(
    () => callAuth(() => auth.api.revokeSession({ headers, body: { token } })),
    () => ({ actor, action: "account.revoke_session", resource: "users", details: { sessionId: input.sessionId } }),
  );
}

/** Signs out every session of the user but this one. */
export async function revokeOtherOwnSessions({ actor, headers }: By): Promise<{ signedOut: number }> {
  const signedOut = await auditedAuthChange(
    () => revokeOthers(actor.id, headers),
    (signedOut) => ({ actor, action: "account.revoke_other_sessions", resource: "users", details: { signedOut } }),
  );
  return { signedOut };
}

async function revokeOthers(userId: string, headers: Headers): Promise<number> {
  const current = await currentSessionId(headers);
  const { rows } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND id <> $2`, [userId, current]);
  await callAuth(() => auth.api.revokeOtherSessions({ headers }));
  return rows[0]!.n;
}
