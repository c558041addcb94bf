import type { Actor } from "../auth/actor";
import { effectiveScopes, mayAct } from "../auth/policy";
import { parseRole } from "../auth/roles";
import { pool } from "../db";
import { logger } from "../logger";
import { hashToken, looksLikeToken } from "./secret";

type Row = { token_id: string; scopes: string[]; user_id: string; email: string; name: string; role: string; banned: boolean | null; ban_expires: Date | null };

/**
 * The actor an API token acts as, or null for a token that is unknown, revoked or expired, or whose
 * owner is disabled. Read from the database on every request — no cache in the process — so a
 * revocation, an expiry, a disable or a demotion counts at once in every web process. Its scopes are
 * what it was issued with, cut down to what the owner's role allows now.
 */
export async function tokenActor(token: string, clientIp: string | null): Promise<Actor | null> {
  if (!looksLikeToken(token)) return null;
  const { rows } = await pool().query<Row>(
    `SELECT t.id AS token_id, t.scopes, u.id AS user_id, u.email, u.name, u.role, u.banned, u.ban_expires
       FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.secret_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row || !mayAct({ banned: row.banned, banExpires: row.ban_expires })) return null;
  const role = parseRole(row.role);
  touchToken(row.token_id, clientIp);
  return { kind: "token", tokenId: row.token_id, scopes: effectiveScopes(row.scopes ?? [], role), id: row.user_id, email: row.email, name: row.name, role };
}

/**
 * Whether token `tokenId` still acts: not revoked, not expired, its owner not disabled. For what
 * outlives the request that resolved the token (a progress stream), asked again as it goes on.
 */
export async function tokenStillActs(tokenId: string): Promise<boolean> {
  const { rows } = await pool().query<{ banned: boolean | null; ban_expires: Date | null }>(
    `SELECT u.banned, u.ban_expires FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.id = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
    [tokenId],
  );
  return rows.length > 0 && mayAct({ banned: rows[0]!.banned, banExpires: rows[0]!.ban_expires });
}

// When this process last sent a token's "last used" write: the WHERE below makes processes agree,
// this keeps one from sending the statement on every request in between.
const touched = new Map<string, number>();

// "Last used" and its IP on the tokens page: at most one write a minute per token (the WHERE makes
// concurrent processes agree), off the request's path.
function touchToken(tokenId: string, ip: string | null): void {
  const now = Date.now();
  if (now - (touched.get(tokenId) ?? 0) < 60_000) return;
  touched.set(tokenId, now);
  if (touched.size > 10_000) touched.clear();
  pool()
    .query(`UPDATE api_tokens SET last_used_at = now(), last_used_ip = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [tokenId, ip])
    .catch((err: unknown) => logger.warn({ err, tokenId }, "could not record token use"));
}
