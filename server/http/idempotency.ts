import crypto from "node:crypto";
import type pg from "pg";
import { setting } from "../config";
import { pool } from "../db";
import { AppError } from "../errors";
import { logger } from "../logger";

// Idempotency-Key: a retried creating call answers what the first one answered, and never starts a
// second batch. Each (actor, key) is a row of idempotency_keys, claimed by one INSERT … ON CONFLICT
// in a statement of its own (so the claim is visible to every web process at once), settled with the
// response when it is known. A claim is a lease that its request renews while it runs: a process
// killed at any instant stops renewing, and once the lease ends the same request may claim it again.
// The window that remains: killed after the work committed but before the settle, the retry runs it
// again — settle right after the work, and keep the work itself in one transaction.

/** A response as it is stored and replayed: its status and JSON body. */
export type IdempotentResponse = { status: number; body: unknown };

/** What withIdempotency answers: the response, and whether it is the first request's, replayed. */
export type IdempotencyOutcome = IdempotentResponse & { replayed: boolean };

export type IdempotencyOptions = {
  /** The pool the claims live in; the process's (server/db.ts) by default. */
  pool?: pg.Pool;
  /** How long a duplicate waits for the first request to settle before it is refused as in progress. */
  waitMs?: number;
};

const DEFAULT_WAIT_MS = 2000;
const POLL_MS = 100;
const MAX_KEY_LENGTH = 255;
const PRINTABLE = /^[\x20-\x7e]+$/;

/**
 * The request's `Idempotency-Key`, or null when it sends none. Refuses (400) a key that is empty,
 * longer than 255 characters, or not printable ASCII, saying which.
 */
export function idempotencyKeyOf(headers: Headers): string | null {
  const key = headers.get("idempotency-key");
  if (key === null) return null;
  const problem =
    key.length === 0 ? "it is empty" : key.length > MAX_KEY_LENGTH ? `it has ${key.length} characters` : !PRINTABLE.test(key) ? "it has characters other than printable ASCII" : null;
  if (problem) throw new AppError("BAD_REQUEST", `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} printable ASCII characters; ${problem}.`, { code: "INVALID_IDEMPOTENCY_KEY" });
  return key;
}

/** `value` as JSON with every object's keys sorted, so equal requests hash alike whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The fingerprint of a request (whatever identifies it: method, path, query, parsed body); the same key with another fingerprint is refused. */
export function requestHash(request: unknown): string {
  return crypto.createHash("sha256").update(canonicalJson(request)).digest("hex");
}

/**
 * The fingerprint of an HTTP request from its method, path with query, and body: a JSON body by its
 * value (key order and spacing do not matter), any other by its bytes.
 */
export function httpRequestHash(req: Request, body: Uint8Array): string {
  const url = new URL(req.url);
  const type = req.headers.get("content-type") ?? "";
  let content: unknown = { bytes: Buffer.from(body).toString("base64") };
  if (/^application\/json\b/i.test(type)) {
    try {
      content = { json: JSON.parse(Buffer.from(body).toString("utf8")) };
    } catch {
      // Not JSON after all: its bytes identify it; the handler refuses it.
    }
  }
  return requestHash({ method: req.method.toUpperCase(), path: `${url.pathname}${url.search}`, content });
}

type Row = { request_hash: string; state: "in_progress" | "done"; response_status: number | null; response_body: string | null };

/** Claims (actorKey, key) for this request: a new key, one whose TTL ended, or the same request's claim left by a dead process. */
async function claim(db: pg.Pool, actorKey: string, key: string, hash: string, token: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO idempotency_keys AS k (actor_key, key, request_hash, state, claim_token, locked_until, created_at)
     VALUES ($1, $2, $3, 'in_progress', $4, now() + make_interval(secs => $5), now())
     ON CONFLICT (actor_key, key) DO UPDATE SET
       request_hash = EXCLUDED.request_hash, state = 'in_progress', claim_token = EXCLUDED.claim_token,
       locked_until = EXCLUDED.locked_until, created_at = EXCLUDED.created_at,
       response_status = NULL, response_body = NULL, settled_at = NULL
     WHERE k.created_at <= now() - make_interval(hours => $6)
        OR (k.state = 'in_progress' AND k.locked_until <= now() AND k.request_hash = EXCLUDED.request_hash)`,
    [actorKey, key, hash, token, setting("IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS"), setting("IDEMPOTENCY_KEY_TTL_HOURS")],
  );
  return rowCount === 1;
}

async function current(db: pg.Pool, actorKey: string, key: string): Promise<Row | null> {
  const { rows } = await db.query<Row>(`SELECT request_hash, state, response_status, response_body FROM idempotency_keys WHERE actor_key = $1 AND key = $2`, [actorKey, key]);
  return rows[0] ?? null;
}

const mine = `actor_key = $1 AND key = $2 AND claim_token = $3 AND state = 'in_progress'`;

/** Runs `run` under a claim: renews the lease while it runs, stores its response, or gives the key back when it failed. */
async function runClaimed(db: pg.Pool, actorKey: string, key: string, token: string, run: () => Promise<IdempotentResponse>): Promise<IdempotentResponse> {
  const lease = setting("IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS");
  const renew = setInterval(() => {
    db.query(`UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $4) WHERE ${mine}`, [actorKey, key, token, lease]).catch((err: unknown) => {
      logger.warn({ err, actorKey }, "could not renew an Idempotency-Key claim");
    });
  }, (lease * 1000) / 3);
  renew.unref();
  let response: IdempotentResponse;
  try {
    response = await run();
  } catch (err) {
    // No response was produced (the work failed and rolled back): the same request may be tried again.
    clearInterval(renew);
    await db.query(`DELETE FROM idempotency_keys WHERE ${mine}`, [actorKey, key, token]).catch((e: unknown) => logger.warn({ err: e, actorKey }, "could not release an Idempotency-Key claim"));
    throw err;
  }
  clearInterval(renew);
  try {
    // A server-side failure is not an answer worth repeating: a retry should get another chance.
    if (response.status >= 500) await db.query(`DELETE FROM idempotency_keys WHERE ${mine}`, [actorKey, key, token]);
    else {
      await db.query(`UPDATE idempotency_keys SET state = 'done', response_status = $4, response_body = $5, settled_at = now() WHERE ${mine}`, [
        actorKey,
        key,
        token,
        response.status,
        JSON.stringify(response.body ?? null),
      ]);
    }
  } catch (err) {
    // The work is done and its answer goes out; only a retry after the lease could repeat it.
    logger.error({ err, actorKey }, "could not settle an Idempotency-Key");
  }
  return response;
}

/**
 * Runs a creating call at most once per (actorKey, key): the first request runs `run` and its
 * response (status and JSON body) is stored; a retry with the same key and the same `hash` gets that
 * response again (`replayed`), without running anything. The same key with another hash is refused
 * (422 UNPROCESSABLE_CONTENT, details.code IDEMPOTENCY_KEY_REUSED); a retry while the first still runs
 * waits up to `waitMs` for it, then is refused (409 CONFLICT, IDEMPOTENCY_KEY_IN_PROGRESS, retryAfter).
 * When `run` throws or answers 5xx nothing is stored and the key may be used again. Keys are kept
 * IDEMPOTENCY_KEY_TTL_HOURS. Without a key, just runs `run`.
 */
export async function withIdempotency(
  actorKey: string,
  key: string | null,
  hash: string,
  run: () => Promise<IdempotentResponse>,
  options: IdempotencyOptions = {},
): Promise<IdempotencyOutcome> {
  if (key === null) return { ...(await run()), replayed: false };
  const db = options.pool ?? pool();
  if (Math.random() < 0.01) void sweepIdempotencyKeys(db).catch((err: unknown) => logger.warn({ err }, "could not sweep expired Idempotency-Keys"));
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  for (;;) {
    const token = crypto.randomUUID();
    if (await claim(db, actorKey, key, hash, token)) return { ...(await runClaimed(db, actorKey, key, token, run)), replayed: false };
    const row = await current(db, actorKey, key);
    // Swept or released between the two statements: claim again.
    if (!row) continue;
    if (row.request_hash !== hash) {
      throw new AppError("UNPROCESSABLE_CONTENT", "This Idempotency-Key was already used for a different request (another path, query or body). Send a new key with a new request.", {
        code: "IDEMPOTENCY_KEY_REUSED",
      });
    }
    if (row.state === "done") return { status: row.response_status!, body: JSON.parse(row.response_body!) as unknown, replayed: true };
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new AppError("CONFLICT", "A request with this Idempotency-Key is still in progress. Retry once it has finished.", {
        code: "IDEMPOTENCY_KEY_IN_PROGRESS",
        retryAfter: 1,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)));
  }
}

/** Deletes keys past their TTL (answered ones, and claims nobody renews); the number deleted. */
export async function sweepIdempotencyKeys(db: pg.Pool = pool()): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM idempotency_keys WHERE created_at <= now() - make_interval(hours => $1) AND (state = 'done' OR locked_until <= now())`,
    [setting("IDEMPOTENCY_KEY_TTL_HOURS")],
  );
  return rowCount ?? 0;
}
