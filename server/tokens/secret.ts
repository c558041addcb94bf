import crypto from "node:crypto";

// API tokens are our own small implementation rather than better-auth's API-key plugin
// (@better-auth/api-key): its newest release (1.7.5) pins better-call 1.4.0 and @better-auth/utils
// 0.4.2 exactly, while better-auth 1.7.25 runs on 1.4.5 / 0.5.1, so it installs only with overrides
// into a combination nobody tested; it does not refuse a banned owner's keys, has no last-used IP,
// and brings a 22-column model of refills and per-key rate limits we would have to switch off. What
// we need is small: a random secret, its hash, one indexed lookup per request.

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs, support). */
export const TOKEN_PREFIX = "bd_";
const SECRET_BYTES = 32;
/** How much of a token lists show: the prefix and 8 characters, enough to tell tokens apart, useless to guess from. */
const SHOWN_CHARS = TOKEN_PREFIX.length + 8;
// base64url of 32 bytes is 43 characters.
const TOKEN_PATTERN = /^bd_[A-Za-z0-9_-]{43}$/;

/**
 * A new token: the secret given to the user once, the part lists show, and the SHA-256 that is all
 * we keep. A fast hash is right here (unlike for passwords): the secret is 256 random bits, so there
 * is nothing to brute-force, and every request hashes once.
 */
export function newToken(): { token: string; prefix: string; hash: string } {
  const token = TOKEN_PREFIX + crypto.randomBytes(SECRET_BYTES).toString("base64url");
  return { token, prefix: token.slice(0, SHOWN_CHARS), hash: hashToken(token) };
}

/**
 * The lookup key of a token. Requests are matched by this hash through a unique index, never by
 * comparing secrets, so how long a lookup takes says nothing about how close a guess was.
 */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/** Whether `value` has a token's shape (checked before any database lookup). */
export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}
