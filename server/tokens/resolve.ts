import type { Actor } from "../auth/actor";
import { effectiveScopes, mayAct } from "../auth/policy";
import { parseRole } from "../auth/roles";
import { pool } from "../db";
import { countedIn, countUpsertSql, judgeCount, rateKeyPrefix, type RateLimitResult } from "../http/rate-limit";
import type { RateClass } from "../http/rate-classes";
import { logger } from "../logger";
import { hashToken, looksLikeToken } from "./secret";

const TOKEN_SELECT = `SELECT t.id AS token_id, t.scopes, u.id AS user_id, u.email, u.name, u.role, u.banned, u.ban_expires
       FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.secret_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`;

type Row = { token_id: string; scopes: string[]; user_id: string; email: string; name: string; role: string; banned: boolean | null; ban_expires: Date | null };

/**
 * The actor an API token acts as, or null for a token that is unknown, revoked or expired, or whose
 * owner is disabled. Read from the database on every request — no cache in the process — so a
 * revocation, an expiry, a disable or a demotion counts at once in every web process. Its scopes are
 * what it was issued with, cut down to what the owner's role allows now.
 */
export async function tokenActor(token: string, clientIp: string | null): Promise<Actor | null> {
  if (!looksLikeToken(token)) return null;
  const { rows } = await pool().query<Row>({ name: "token-actor", text: TOKEN_SELECT, values: [hashToken(token)] });
  return actorOf(rows[0], clientIp);
}

function actorOf(row: Row | undefined, clientIp: string | null): Actor | null {
  if (!row || !mayAct({ banned: row.banned, banExpires: row.ban_expires })) return null;
  const role = parseRole(row.role);
  touchToken(row.token_id, clientIp);
  return { kind: "token", tokenId: row.token_id, scopes: effectiveScopes(row.scopes ?? [], role), id: row.user_id, email: row.email, name: row.name, role };
}

/**
 * tokenActor, with the request counted against the token's budget in `rateClass` in the same
 * statement: a script's request then costs one round trip to the database before its work, not two.
 * So a token's request is counted as soon as the token is known, before its rules are checked (a
 * refused call spends a point, as at GitHub); an unknown token writes nothing. Throws AppError
 * TOO_MANY_REQUESTS past the budget (see judgeCount).
 */
export async function tokenActorCounted(token: string, clientIp: string | null, rateClass: RateClass): Promise<{ actor: Actor; limit: RateLimitResult } | null> {
  if (!looksLikeToken(token)) return null;
  const { rows } = await countedIn((store, windowMs) => {
    const now = Date.now();
    // Named, so each connection plans it once: planned anew it cost more than the two statements it replaces.
    return store.query<Row & { points: number | null; expire: string | null }>({
      name: `token-actor-counted`,
      text: `WITH t AS (${TOKEN_SELECT}),
            counted AS (${countUpsertSql("SELECT $2::text || t.token_id, 1, $3::bigint FROM t", "$3::bigint", "$4::bigint")})
       SELECT t.*, counted.points, counted.expire FROM t LEFT JOIN counted ON true`,
      values: [hashToken(token), `${rateKeyPrefix(rateClass)}:token:`, now + windowMs, now],
    });
  });
  const row = rows[0];
  const actor = actorOf(row, clientIp);
  if (!actor || !row) return null;
  return { actor, limit: judgeCount(actor, rateClass, row.points ?? 1, Number(row.expire ?? Date.now()) - Date.now()) };
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
