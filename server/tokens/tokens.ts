import crypto from "node:crypto";
import { audit } from "../audit/audit";
import type { Actor } from "../auth/actor";
import { assertMayGrantScopes, assertMayManageUsers, effectiveScopes, mayManageToken } from "../auth/policy";
import { parseRole } from "../auth/roles";
import { API_SCOPES, type ApiScope } from "../contracts/scopes";
import { pool } from "../db";
import { AppError } from "../errors";
import { withTransaction } from "../sql/tx";
import type { CreateTokenInput } from "./schemas";
import { newToken } from "./secret";

// API tokens of the console's users: created, listed and revoked on the tokens page (only with a
// session: the procedures' rules refuse tokens). Resolving a token per request is resolve.ts.

/** A user's own tokens are capped, so a script creating one per run is noticed before the table grows. */
export const MAX_ACTIVE_TOKENS = 50;

export type TokenStatus = "active" | "expired" | "revoked";

export type TokenSummary = {
  id: string;
  name: string;
  prefix: string;
  /** As issued. */
  scopes: ApiScope[];
  /** What it may do now: its scopes ∩ the owner's current role (a demotion shrinks it). */
  effectiveScopes: ApiScope[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
  status: TokenStatus;
  owner: { id: string; email: string; name: string };
};

type Row = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  last_used_ip: string | null;
  revoked_at: Date | null;
  expired: boolean;
  user_id: string;
  email: string;
  user_name: string;
  role: string;
};

const SELECT = `SELECT t.id, t.name, t.prefix, t.scopes, t.created_at, t.expires_at, t.last_used_at, t.last_used_ip, t.revoked_at,
                       (t.expires_at IS NOT NULL AND t.expires_at <= now()) AS expired, u.id AS user_id, u.email, u.name AS user_name, u.role
                  FROM api_tokens t JOIN users u ON u.id = t.user_id`;
// Active first, then newest.
const ORDER = `ORDER BY (t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())) DESC, t.created_at DESC, t.id`;

function summary(r: Row): TokenSummary {
  const scopes = (r.scopes ?? []).filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s));
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes,
    effectiveScopes: effectiveScopes(scopes, parseRole(r.role)),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    lastUsedIp: r.last_used_ip,
    revokedAt: r.revoked_at,
    status: r.revoked_at ? "revoked" : r.expired ? "expired" : "active",
    owner: { id: r.user_id, email: r.email, name: r.user_name },
  };
}

/** Only a signed-in user makes or manages tokens; the rules refuse tokens earlier, this is the second line. */
function assertSignedIn(actor: Actor): void {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "API tokens are managed in the console, signed in; a token cannot manage tokens.");
}

/**
 * Issues a token to the signed-in user, never wider than their role. The secret is in the answer
 * and nowhere else: only its hash is stored, so it cannot be shown again.
 */
export async function createToken(actor: Actor, input: CreateTokenInput): Promise<TokenSummary & { token: string }> {
  assertSignedIn(actor);
  assertMayGrantScopes(actor, input.scopes);
  const { token, prefix, hash } = newToken();
  const id = crypto.randomUUID();
  await withTransaction(async (client) => {
    // Serialises one user's concurrent creations, so the cap holds.
    await client.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [actor.id]);
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [actor.id],
    );
    if (rows[0]!.n >= MAX_ACTIVE_TOKENS) throw new AppError("CONFLICT", `You have ${MAX_ACTIVE_TOKENS} active tokens; revoke one you no longer use first.`);
    await client.query(
      `INSERT INTO api_tokens (id, user_id, name, prefix, secret_hash, scopes, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(days => $7::int) END)`,
      [id, actor.id, input.name, prefix, hash, input.scopes, input.expiresInDays],
    );
    await audit({ actor, action: "token.create", resource: "api_tokens", details: { tokenId: id, name: input.name, prefix, scopes: input.scopes, expiresInDays: input.expiresInDays } }, client);
  });
  const created = await tokenById(id);
  return { ...created!, token };
}

async function tokenById(id: string): Promise<TokenSummary | null> {
  const { rows } = await pool().query<Row>(`${SELECT} WHERE t.id = $1`, [id]);
  return rows[0] ? summary(rows[0]) : null;
}

/** The signed-in user's tokens, active first. */
export async function listOwnTokens(actor: Actor): Promise<TokenSummary[]> {
  assertSignedIn(actor);
  const { rows } = await pool().query<Row>(`${SELECT} WHERE t.user_id = $1 ${ORDER}`, [actor.id]);
  return rows.map(summary);
}

/** Every user's tokens, for admins (the Users page). */
export async function listAllTokens(actor: Actor): Promise<TokenSummary[]> {
  assertSignedIn(actor);
  assertMayManageUsers(actor);
  const { rows } = await pool().query<Row>(`${SELECT} ${ORDER} LIMIT 1000`);
  return rows.map(summary);
}

/**
 * Revokes a token: the owner's own, or anyone's by an admin; someone else's is answered as if it did
 * not exist. It stops working at once, in every web process (resolve.ts reads revoked_at on each
 * request). Revoking a revoked token changes nothing.
 */
export async function revokeToken(actor: Actor, tokenId: string): Promise<TokenSummary> {
  assertSignedIn(actor);
  await withTransaction(async (client) => {
    const { rows } = await client.query<{ user_id: string; name: string; prefix: string; revoked_at: Date | null; email: string }>(
      `SELECT t.user_id, t.name, t.prefix, t.revoked_at, u.email FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1 FOR UPDATE OF t`,
      [tokenId],
    );
    const t = rows[0];
    if (!t || !mayManageToken(actor, { userId: t.user_id })) throw new AppError("NOT_FOUND", "No such token.");
    if (t.revoked_at) return;
    await client.query(`UPDATE api_tokens SET revoked_at = now(), revoked_by = $2 WHERE id = $1`, [tokenId, actor.id]);
    await audit({ actor, action: "token.revoke", resource: "api_tokens", details: { tokenId, name: t.name, prefix: t.prefix, ownerId: t.user_id, ownerEmail: t.email } }, client);
  });
  return (await tokenById(tokenId))!;
}
