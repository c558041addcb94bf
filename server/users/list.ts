import { pool } from "../db";
import { parseRole, type Role } from "../auth/roles";
import { bannedNow } from "./admin-lock";

/** active: can sign in · invited: has no password yet (a set-password link is out) · disabled: cannot sign in. */
export type UserStatus = "active" | "invited" | "disabled";

export type UserRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  status: UserStatus;
  disabledReason: string | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  /** The latest request of any of their sessions still open. */
  lastActiveAt: Date | null;
  openSessions: number;
};

/** Every user, for the users page (admins), by name. */
export async function listUsers(): Promise<UserRow[]> {
  const { rows } = await pool().query<{
    id: string; name: string; email: string; role: string; disabled: boolean; ban_reason: string | null; has_password: boolean;
    created_at: Date; last_sign_in_at: Date | null; last_active_at: Date | null; open_sessions: number;
  }>(
    `SELECT u.id, u.name, u.email, u.role, ${bannedNow("u")} AS disabled, u.ban_reason,
            u.created_at, u.last_sign_in_at, s.last_active_at, coalesce(s.n, 0)::int AS open_sessions,
            EXISTS (SELECT 1 FROM accounts a WHERE a.user_id = u.id AND a.provider_id = 'credential' AND a.password IS NOT NULL) AS has_password
       FROM users u
       LEFT JOIN LATERAL (SELECT max(last_active_at) AS last_active_at, count(*) AS n FROM sessions WHERE user_id = u.id AND expires_at > now()) s ON true
      ORDER BY lower(u.name), u.email`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    role: parseRole(r.role),
    status: r.disabled ? "disabled" : r.has_password ? "active" : "invited",
    disabledReason: r.disabled ? r.ban_reason : null,
    createdAt: r.created_at,
    lastSignInAt: r.last_sign_in_at,
    lastActiveAt: r.last_active_at,
    openSessions: r.open_sessions,
  }));
}
