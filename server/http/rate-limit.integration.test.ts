import pg from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { cookieAs, trpcCode, trpcHttp, appOrigin } from "../../tests/helpers/http";
import type { Actor } from "../auth/actor";
import type { Role } from "../auth/roles";
import { ROUTE_RULES } from "../auth/route-rules";
import { setting } from "../config";
import { pool } from "../db";
import { AppError } from "../errors";
import { rest } from "../../tests/helpers/rest";
import { tokenOf } from "../../tests/helpers/tokens";
import { tokenActorCounted } from "../tokens/resolve";
import { createRateLimiter, rateLimitHeaders, type RateLimitRefusal } from "./rate-limit";
import { withActor } from "./route";

// Budgets live in PostgreSQL: each "web process" below is a limiter on a pool of its own, as two
// processes would have; what one spends, the other sees.

const pools: pg.Pool[] = [];
const processPool = () => {
  const p = new pg.Pool({ connectionString: setting("DATABASE_URL"), max: 3 });
  pools.push(p);
  return p;
};
afterAll(() => Promise.all(pools.map((p) => p.end())));

const changed: string[] = [];
const set = (name: string, value: string) => {
  changed.push(name);
  process.env[name] = value;
};
beforeEach(() => pool().query("DELETE FROM api_rate_limits"));
afterEach(() => {
  for (const name of changed.splice(0)) delete process.env[name];
});

const user = (role: Role, id = `u-${role}`): Actor => ({ kind: "user", id, email: `${id}@example.com`, name: id, role });
const token = (role: Role, tokenId: string, id = `u-${role}`): Actor => ({ kind: "token", tokenId, scopes: ["read", "batches"], id, email: `${id}@example.com`, name: id, role });

async function refusalOf(p: Promise<unknown>): Promise<{ error: AppError; details: RateLimitRefusal }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return { error: err, details: err.details as RateLimitRefusal };
}

describe("rate limits in PostgreSQL", () => {
  it("two web processes share one budget: 12 concurrent job creations against 5 let exactly 5 through", async () => {
    set("API_RATE_JOB_CREATION_PER_HOUR_OPERATOR", "5");
    const [a, b] = [createRateLimiter({ pool: processPool() }), createRateLimiter({ pool: processPool() })];
    const actor = token("operator", "t-shared");
    const settled = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).consume(actor, "jobCreation")));
    const allowed = settled.filter((s) => s.status === "fulfilled");
    const refused = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
    expect(allowed).toHaveLength(5);
    expect(refused).toHaveLength(7);
    for (const r of refused) expect(r instanceof AppError && r.code).toBe("TOO_MANY_REQUESTS");
    // The remaining counts the two handed out are 4, 3, 2, 1, 0: each request saw the others'.
    const remaining = allowed.map((s) => (s.status === "fulfilled" ? s.value.remaining : -1)).sort();
    expect(remaining).toEqual([0, 1, 2, 3, 4]);
  });

  it("reports the limit, what remains and the seconds until the window restarts; the refusal says when to retry", async () => {
    set("API_RATE_STATUS_CHECK_PER_HOUR_VIEWER", "3");
    const limiter = createRateLimiter({ pool: processPool() });
    const actor = token("viewer", "t-headers");
    const first = await limiter.consume(actor, "statusCheck");
    expect(first).toMatchObject({ limit: 3, remaining: 2 });
    expect(first.resetSeconds).toBeGreaterThan(3590);
    expect(first.resetSeconds).toBeLessThanOrEqual(3600);
    expect((await limiter.consume(actor, "statusCheck")).remaining).toBe(1);
    const last = await limiter.consume(actor, "statusCheck");
    expect(rateLimitHeaders(last)).toEqual({ "x-ratelimit-limit": "3", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(last.resetSeconds) });
    const { error, details } = await refusalOf(limiter.consume(actor, "statusCheck"));
    expect(error.message).toMatch(/^Rate limit reached: 3 status requests an hour for an API token of a viewer\. Try again in \d+ minutes\.$/);
    expect(details).toMatchObject({ code: "RATE_LIMITED", rateClass: "statusCheck", limit: 3, remaining: 0 });
    expect(details.retryAfter).toBe(details.resetSeconds);
    expect(rateLimitHeaders(details)["retry-after"]).toBe(String(details.retryAfter));
    // Other classes keep their own budget.
    expect((await limiter.consume(actor, "default")).limit).toBe(600);
  });

  it("a budget is whole again once its window ends", async () => {
    set("API_RATE_DEFAULT_PER_HOUR_OPERATOR", "2");
    const limiter = createRateLimiter({ pool: processPool(), windowSeconds: 1 });
    const actor = token("operator", "t-window");
    await limiter.consume(actor, "default");
    await limiter.consume(actor, "default");
    const { details } = await refusalOf(limiter.consume(actor, "default"));
    expect(details.retryAfter).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await limiter.consume(actor, "default")).toMatchObject({ limit: 2, remaining: 1 });
  });

  it("limits follow the role's settings, with seed 003's numbers as the operator's defaults and the console's apart", async () => {
    const limiter = createRateLimiter({ pool: processPool() });
    expect((await limiter.consume(token("operator", "t-op"), "jobCreation")).limit).toBe(10);
    expect((await limiter.consume(token("operator", "t-op"), "statusCheck")).limit).toBe(600);
    expect((await limiter.consume(token("operator", "t-op"), "templateManagement")).limit).toBe(100);
    expect((await limiter.consume(token("admin", "t-ad"), "jobCreation")).limit).toBe(100);
    expect((await limiter.consume(user("operator"), "statusCheck")).limit).toBe(36_000);
    set("API_RATE_JOB_CREATION_PER_HOUR_ADMIN", "2");
    set("API_RATE_JOB_CREATION_PER_HOUR_VIEWER", "1");
    expect((await limiter.consume(token("admin", "t-ad2"), "jobCreation")).limit).toBe(2);
    await limiter.consume(token("viewer", "t-vi"), "jobCreation");
    expect((await refusalOf(limiter.consume(token("viewer", "t-vi"), "jobCreation"))).details.limit).toBe(1);
    // The admin's token still has its own (larger) budget left.
    expect((await limiter.consume(token("admin", "t-ad2"), "jobCreation")).remaining).toBe(0);
  });

  it("each token has its own budget, apart from its owner's console budget", async () => {
    set("API_RATE_JOB_CREATION_PER_HOUR_OPERATOR", "1");
    set("CONSOLE_RATE_JOB_CREATION_PER_HOUR_OPERATOR", "1");
    const limiter = createRateLimiter({ pool: processPool() });
    await limiter.consume(token("operator", "t-one", "u-same"), "jobCreation");
    await refusalOf(limiter.consume(token("operator", "t-one", "u-same"), "jobCreation"));
    expect((await limiter.consume(token("operator", "t-two", "u-same"), "jobCreation")).remaining).toBe(0);
    expect((await limiter.consume(user("operator", "u-same"), "jobCreation")).remaining).toBe(0);
    const { rows } = await pool().query<{ key: string }>("SELECT key FROM api_rate_limits ORDER BY key");
    expect(rows.map((r) => r.key)).toEqual(["rl:jobCreation:token:t-one", "rl:jobCreation:token:t-two", "rl:jobCreation:user:u-same"]);
  });
});

describe("an API token's request, counted as its token is read", () => {
  it("spends the same budget the library counts, one statement per request; an unknown token writes nothing", async () => {
    set("API_RATE_STATUS_CHECK_PER_HOUR_OPERATOR", "3");
    const { token: secret } = await tokenOf("operator", ["read"]);
    const first = await tokenActorCounted(secret, null, "statusCheck");
    expect(first?.limit).toMatchObject({ limit: 3, remaining: 2 });
    expect(first!.limit.resetSeconds).toBeGreaterThan(3590);
    // The library (as withActor counted before) sees the point the statement spent, and spends the next.
    expect((await createRateLimiter({ pool: processPool() }).consume(first!.actor, "statusCheck")).remaining).toBe(1);
    expect((await tokenActorCounted(secret, null, "statusCheck"))?.limit.remaining).toBe(0);
    const refusal = await refusalOf(tokenActorCounted(secret, null, "statusCheck"));
    expect(refusal.error.code).toBe("TOO_MANY_REQUESTS");
    expect(refusal.details).toMatchObject({ rateClass: "statusCheck", limit: 3, remaining: 0 });
    expect(refusal.details.retryAfter).toBeGreaterThan(3590);
    // Another class is another budget.
    expect((await tokenActorCounted(secret, null, "jobCreation"))?.limit.remaining).toBeGreaterThan(0);
    const before = await pool().query("SELECT key FROM api_rate_limits");
    expect(await tokenActorCounted(`${secret.slice(0, -4)}zzzz`, null, "statusCheck")).toBeNull();
    expect((await pool().query("SELECT key FROM api_rate_limits")).rowCount).toBe(before.rowCount);
  });

  it("over REST: headers on each answer, then 429 with Retry-After before the procedure runs", async () => {
    set("API_RATE_STATUS_CHECK_PER_HOUR_VIEWER", "2");
    const { token: secret } = await tokenOf("viewer", ["read"]);
    const first = await rest("GET", "/me", { token: secret });
    expect(first.status).toBe(200);
    expect([first.headers.get("x-ratelimit-limit"), first.headers.get("x-ratelimit-remaining")]).toEqual(["2", "1"]);
    expect((await rest("GET", "/resources", { token: secret })).headers.get("x-ratelimit-remaining")).toBe("0");
    const refused = await rest("GET", "/me", { token: secret });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3590);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect((refused.json as { error: { code: string } }).error.code).toBe("TOO_MANY_REQUESTS");
  });
});

describe("rate limits at the HTTP edges", () => {
  ROUTE_RULES["test.echo"] = { minRole: "viewer", scope: "read", subject: { on: "none" } };
  ROUTE_RULES["test.create"] = { minRole: "viewer", scope: "read", subject: { on: "none" }, rateClass: "jobCreation" };
  const echo = withActor("test.echo", async ({ actor }) => Response.json({ id: actor.id }));
  const create = withActor("test.create", async () => {
    throw new AppError("BAD_REQUEST", "refused by the handler");
  });
  const call = async (route: typeof echo, cookie: string, method = "GET") =>
    route(new Request(`${appOrigin()}/api/test`, { method, headers: { cookie, origin: appOrigin() } }));

  it("every route handler answer carries the headers, and past the budget it is 429 with Retry-After", async () => {
    set("CONSOLE_RATE_STATUS_CHECK_PER_HOUR_OPERATOR", "2");
    const cookie = await cookieAs("operator");
    const first = await call(echo, cookie);
    expect(first.status).toBe(200);
    expect([first.headers.get("x-ratelimit-limit"), first.headers.get("x-ratelimit-remaining")]).toEqual(["2", "1"]);
    expect(Number(first.headers.get("x-ratelimit-reset"))).toBeGreaterThan(3590);
    expect((await call(echo, cookie)).headers.get("x-ratelimit-remaining")).toBe("0");
    const refused = await call(echo, cookie);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3590);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    const body = (await refused.json()) as { error: { code: string; details: RateLimitRefusal } };
    expect(body.error).toMatchObject({ code: "TOO_MANY_REQUESTS", details: { code: "RATE_LIMITED", rateClass: "statusCheck", limit: 2 } });
    // A POST counts in `default` by its method, so reads being spent does not block it.
    expect((await call(echo, cookie, "POST")).status).toBe(200);
  });

  it("a route's declared class is the budget it spends, and a failing handler's answer carries the headers too", async () => {
    set("CONSOLE_RATE_JOB_CREATION_PER_HOUR_VIEWER", "5");
    const cookie = await cookieAs("viewer");
    const res = await call(create, cookie, "POST");
    expect(res.status).toBe(400);
    expect([res.headers.get("x-ratelimit-limit"), res.headers.get("x-ratelimit-remaining")]).toEqual(["5", "4"]);
  });

  it("tRPC calls of a console user are counted by procedure: queries as status checks, validate as job creation", async () => {
    set("CONSOLE_RATE_STATUS_CHECK_PER_HOUR_VIEWER", "2");
    const cookie = await cookieAs("viewer");
    const first = await trpcHttp({ path: "me.get", type: "query", cookie });
    expect(first.status).toBe(200);
    expect([first.headers.get("x-ratelimit-limit"), first.headers.get("x-ratelimit-remaining")]).toEqual(["2", "1"]);
    await trpcHttp({ path: "batch.list", type: "query", input: {}, cookie });
    const refused = await trpcHttp({ path: "me.get", type: "query", cookie });
    expect([refused.status, trpcCode(refused)]).toEqual([429, "TOO_MANY_REQUESTS"]);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3590);
    const { rows } = await pool().query<{ key: string; points: number }>("SELECT key, points FROM api_rate_limits WHERE key LIKE 'rl:statusCheck:user:%'");
    expect(rows.map((r) => r.points)).toEqual([3]);

    set("CONSOLE_RATE_JOB_CREATION_PER_HOUR_OPERATOR", "1");
    const operator = await cookieAs("operator");
    const validate = () =>
      trpcHttp({ path: "batch.validate", type: "mutation", input: { resource: "letters", target: { kind: "ids", ids: [1] }, operation: { type: "restore" } }, cookie: operator });
    expect((await validate()).headers.get("x-ratelimit-limit")).toBe("1");
    expect(trpcCode(await validate())).toBe("TOO_MANY_REQUESTS");
  });
});
