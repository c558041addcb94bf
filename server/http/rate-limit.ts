import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { Actor } from "../auth/actor";
import type { Role } from "../auth/roles";
import { setting } from "../config";
import { countersPool } from "../db";
import { AppError, normalizeError } from "../errors";
import { actorKey } from "./actor-key";
import type { RateClass } from "./rate-classes";

// Request budgets per actor (each API token, each console user) and route class, counted in
// PostgreSQL (table api_rate_limits, created by a migration: the app's role has no DDL) by
// rate-limiter-flexible, so every web process spends the same budget. Fixed windows of an hour:
// the first request of a window starts it, the budget is whole again when it ends.

/** Who a request counts for: scripts (API tokens, schedules) or people in the console, each with its own limits. */
export type Audience = "api" | "console";

/** What a counted request leaves: the budget, what remains of it, seconds until the window restarts. */
export type RateLimitResult = { limit: number; remaining: number; resetSeconds: number };

/** The details of a TOO_MANY_REQUESTS refusal from the limiter (AppError.details). */
export type RateLimitRefusal = RateLimitResult & { code: "RATE_LIMITED"; rateClass: RateClass; retryAfter: number };

const TABLE = "api_rate_limits";
const HOUR_SECONDS = 3600;

const CLASS_SETTING = {
  jobCreation: "JOB_CREATION",
  statusCheck: "STATUS_CHECK",
  templateManagement: "TEMPLATE_MANAGEMENT",
  default: "DEFAULT",
} as const satisfies Record<RateClass, string>;
const CLASS_WORDS = {
  jobCreation: "job-creating",
  statusCheck: "status",
  templateManagement: "template",
  default: "",
} as const satisfies Record<RateClass, string>;
const ROLE_SUFFIX = { admin: "ADMIN", operator: "OPERATOR", viewer: "VIEWER" } as const satisfies Record<Role, Uppercase<Role>>;
const AUDIENCE_PREFIX = { api: "API", console: "CONSOLE" } as const satisfies Record<Audience, string>;

/** Console users are people at the console; every other actor is a script (a token, a schedule). */
export function audienceOf(actor: Actor): Audience {
  return actor.kind === "user" ? "console" : "api";
}

/** Requests of `rateClass` per hour for `role` (API_RATE_<CLASS>_PER_HOUR_<ROLE>, CONSOLE_RATE_…; see server/config.ts). */
export function hourlyLimit(audience: Audience, role: Role, rateClass: RateClass): number {
  return setting(`${AUDIENCE_PREFIX[audience]}_RATE_${CLASS_SETTING[rateClass]}_PER_HOUR_${ROLE_SUFFIX[role]}`);
}

const inWords = (seconds: number) => (seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`);

/** The row key of `actor`'s budget in `rateClass`: rate-limiter-flexible's `<keyPrefix>:<key>`, which tokenActorCounted writes too. */
export function rateKeyPrefix(rateClass: RateClass): string {
  return `rl:${rateClass}`;
}

/** Now and then removes windows that ended: they stay behind until their actor comes back. */
function maybeSweep(store: pg.Pool): void {
  if (Math.random() < 0.01) void store.query(`DELETE FROM ${TABLE} WHERE expire < $1`, [Date.now()]).catch(() => {});
}

/**
 * What a counted request leaves of `actor`'s budget in `rateClass`, given the points its window has
 * spent with this request and the milliseconds until the window ends; throws AppError
 * TOO_MANY_REQUESTS (details: RateLimitRefusal) past the budget. The one judgement for both ways of
 * counting: the library's (console users) and the token lookup's own upsert (tokenActorCounted).
 */
export function judgeCount(actor: Actor, rateClass: RateClass, spent: number, msBeforeNext: number, windowSeconds = HOUR_SECONDS): RateLimitResult {
  const audience = audienceOf(actor);
  const limit = hourlyLimit(audience, actor.role, rateClass);
  const resetSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  if (spent <= limit) return { limit, remaining: limit - spent, resetSeconds };
  const refusal: RateLimitRefusal = { code: "RATE_LIMITED", rateClass, limit, remaining: 0, resetSeconds, retryAfter: resetSeconds };
  const what = [CLASS_WORDS[rateClass], "requests"].filter(Boolean).join(" ");
  const whose = audience === "api" ? `an API token of a${actor.role === "admin" ? "n" : ""} ${actor.role}` : `a${actor.role === "admin" ? "n" : ""} ${actor.role} in the console`;
  throw new AppError(
    "TOO_MANY_REQUESTS",
    `Rate limit reached: ${limit} ${what} ${windowSeconds === HOUR_SECONDS ? "an hour" : `per ${windowSeconds} seconds`} for ${whose}. Try again in ${inWords(resetSeconds)}.`,
    refusal,
  );
}

/**
 * The statement that counts one request in a fixed window as rate-limiter-flexible's Postgres store
 * does (same table, key, points and expiry in ms), for a statement that knows the key only in the
 * database (tokenActorCounted): `rows` gives (key, points 1, expire: the window's end if this
 * request starts one); `now` is the time in ms.
 */
export function countUpsertSql(rows: string, expire: string, now: string): string {
  return `INSERT INTO ${TABLE} (key, points, expire) ${rows}
      ON CONFLICT (key) DO UPDATE SET
        points = CASE WHEN ${TABLE}.expire <= ${now} THEN 1 ELSE ${TABLE}.points + 1 END,
        expire = CASE WHEN ${TABLE}.expire <= ${now} THEN ${expire} ELSE ${TABLE}.expire END
      RETURNING points, expire`;
}

/** Counts in the counters pool with `count` (one statement that also does other work), then sweeps now and then. */
export async function countedIn<T>(count: (store: pg.Pool, windowMs: number) => Promise<T>): Promise<T> {
  const store = countersPool();
  maybeSweep(store);
  return count(store, HOUR_SECONDS * 1000);
}

export type RateLimiter = {
  /** Counts one request of `actor` in `rateClass`; throws AppError TOO_MANY_REQUESTS (details: RateLimitRefusal) past the budget. */
  consume(actor: Actor, rateClass: RateClass): Promise<RateLimitResult>;
};

export type RateLimiterOptions = {
  /** The pool to count in; the process's counters pool (server/db.ts, asynchronous commits) by default. */
  pool?: pg.Pool;
  /** The window length; an hour unless a test needs one that ends while it waits. */
  windowSeconds?: number;
};

/**
 * A limiter counting in PostgreSQL. Each web process has one (consumeRateLimit); any number of them
 * share the budgets, as the rows are the budgets.
 */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const windowSeconds = options.windowSeconds ?? HOUR_SECONDS;
  // One library limiter per class and budget: its points are fixed when it is built, and settings are
  // read per call (tests change them). The row key carries the class and actor only, so a user whose
  // role changes keeps what they spent in the window.
  const limiters = new Map<string, { store: pg.Pool; limiter: RateLimiterPostgres }>();
  const limiterFor = (rateClass: RateClass, points: number) => {
    const store = options.pool ?? countersPool();
    const id = `${rateClass}:${points}`;
    const known = limiters.get(id);
    if (known?.store === store) return known.limiter;
    const limiter = new RateLimiterPostgres({
      storeClient: store,
      storeType: "pool",
      tableName: TABLE,
      tableCreated: true,
      // Its timer would sweep once per limiter and process; consume sweeps now and then instead.
      clearExpiredByTimeout: false,
      keyPrefix: rateKeyPrefix(rateClass),
      points,
      duration: windowSeconds,
    });
    limiters.set(id, { store, limiter });
    return limiter;
  };

  return {
    async consume(actor, rateClass) {
      const limit = hourlyLimit(audienceOf(actor), actor.role, rateClass);
      const limiter = limiterFor(rateClass, limit);
      maybeSweep(options.pool ?? countersPool());
      try {
        const res = await limiter.consume(actorKey(actor));
        return judgeCount(actor, rateClass, res.consumedPoints, res.msBeforeNext, windowSeconds);
      } catch (err) {
        // The library rejects with its result when the budget is spent, with an Error when the store failed.
        if (!(err instanceof RateLimiterRes)) throw err;
        return judgeCount(actor, rateClass, err.consumedPoints, err.msBeforeNext, windowSeconds);
      }
    },
  };
}

let processLimiter: RateLimiter | null = null;

/** Counts one request of `actor` in `rateClass` in this process's limiter; see RateLimiter.consume. */
export function consumeRateLimit(actor: Actor, rateClass: RateClass): Promise<RateLimitResult> {
  processLimiter ??= createRateLimiter();
  return processLimiter.consume(actor, rateClass);
}

/**
 * The response headers of a counted request: `X-RateLimit-Limit`, `-Remaining` and `-Reset` (seconds
 * until the window restarts), and `Retry-After` (seconds) when given a refusal's `retryAfter`.
 */
export function rateLimitHeaders(result: RateLimitResult & { retryAfter?: number }): Record<string, string> {
  return {
    "x-ratelimit-limit": String(result.limit),
    "x-ratelimit-remaining": String(result.remaining),
    "x-ratelimit-reset": String(result.resetSeconds),
    ...(result.retryAfter !== undefined ? { "retry-after": String(result.retryAfter) } : {}),
  };
}

const isRefusal = (details: Record<string, unknown> | undefined): details is RateLimitRefusal =>
  details?.code === "RATE_LIMITED" && typeof details.limit === "number" && typeof details.retryAfter === "number";

/**
 * The headers a failure's response carries: a rate-limit refusal's X-RateLimit-* and Retry-After, and
 * Retry-After for any other failure that says when to come back (`details.retryAfter` seconds, such as
 * an Idempotency-Key still in progress). Empty for the rest.
 */
export function retryHeadersOf(error: unknown): Record<string, string> {
  const known = normalizeError(error);
  if (!known) return {};
  if (isRefusal(known.details)) return rateLimitHeaders(known.details);
  const retryAfter = known.details?.retryAfter;
  return typeof retryAfter === "number" && Number.isFinite(retryAfter) ? { "retry-after": String(Math.max(1, Math.ceil(retryAfter))) } : {};
}
