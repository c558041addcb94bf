import type { Logger } from "pino";
import type { Actor } from "../auth/actor";
import { assertTokenAccess } from "../auth/policy";
import { requestActorCounted, type CountedActor } from "../auth/request-actor";
import { hasRole } from "../auth/roles";
import { routeRule } from "../auth/route-rules";
import { textProblem } from "../contracts/plain-json";
import { AppError, inputIssueError, toHttpError, type ErrorBody } from "../errors";
import { logger } from "../logger";
import { actorKey } from "./actor-key";
import { DEFAULT_JSON_LIMIT, limitedRequest } from "./body";
import { httpRequestHash, idempotencyKeyOf, withIdempotency } from "./idempotency";
import { assertSameOrigin } from "./origin";
import { defaultRateClass, type RateClass } from "./rate-classes";
import { consumeRateLimit, rateLimitHeaders, retryHeadersOf, type RateLimitResult } from "./rate-limit";
import { requestIdOf } from "./request-id";

type Params = Record<string, string | string[] | undefined>;

/** What a route handler gets: the request, who sends it, its request id, a logger naming both, route params. */
export type RouteContext<P extends Params> = { req: Request; actor: Actor; requestId: string; log: Logger; params: P };

type NextContext<P> = { params: Promise<P> };

/**
 * Who sends a request (server/auth/request-actor), an API token's request counted in `rateClass`
 * as its token is read.
 */
async function actorOf(req: Request, rateClass: RateClass, log: Logger): Promise<CountedActor> {
  try {
    return await requestActorCounted(req.headers, rateClass);
  } catch (err) {
    // A spent budget is the answer; any other failure of the lookup is no actor.
    if (err instanceof AppError && err.code === "TOO_MANY_REQUESTS") throw err;
    // A malformed or forged cookie is no session, not a server error.
    log.warn({ err }, "session lookup failed");
    return { actor: null, limit: null };
  }
}

/**
 * Refuses route parameters and query strings holding text PostgreSQL cannot store (a `%00` decodes
 * to NUL), naming the parameter, as tRPC inputs are refused (contracts/plain-json).
 */
function assertStorableUrl(req: Request, params: Params): void {
  const texts: [(string | number)[], string][] = [];
  for (const [name, value] of Object.entries(params)) {
    for (const [i, v] of (Array.isArray(value) ? value : [value]).entries()) if (v !== undefined) texts.push([["params", name, ...(Array.isArray(value) ? [i] : [])], v]);
  }
  for (const [key, value] of new URL(req.url).searchParams) texts.push([["query", key], key], [["query", key], value]);
  for (const [path, value] of texts) {
    const problem = textProblem(value);
    if (problem) throw inputIssueError({ path, message: problem });
  }
}

/**
 * How an API dialect wraps a failure: the seeds' APIs each have their own envelope (`{code, msg,
 * data}`, `{success, message, data}`, …). It gets the mapped status and our body and returns what
 * to send; the status stays the one mapping's unless the dialect changes it.
 */
export type ErrorEnvelope = (mapped: { status: number; body: ErrorBody }) => { status: number; body: unknown };

export type RouteOptions = {
  errorEnvelope?: ErrorEnvelope;
  /**
   * The rate class of a request, for a route whose requests differ (one route serving many
   * operations); otherwise the rule's `rateClass`, else by method (server/http/rate-classes).
   */
  rateClass?: (req: Request) => RateClass;
  /**
   * A creating call: with an `Idempotency-Key` header, a retry answers the first response (status and
   * JSON body) instead of running again (server/http/idempotency). The handler must answer JSON.
   * A function decides per request (one route serving many operations).
   */
  idempotent?: boolean | ((req: Request) => boolean);
  /** The largest body an idempotent route reads to fingerprint it (DEFAULT_JSON_LIMIT). */
  maxBodyBytes?: number;
};

/** A JSON error response with the request id in the body and a header, and `headers` (rate limits) besides. */
export function errorResponse(err: unknown, requestId: string, log: Logger, envelope?: ErrorEnvelope, headers: Record<string, string> = {}): Response {
  const { status, body, unexpected } = toHttpError(err, requestId);
  if (unexpected) log.error({ err }, "unexpected error in route handler");
  const sent = envelope ? envelope({ status, body }) : { status, body };
  return Response.json(sent.body, { status: sent.status, headers: { ...headers, ...retryHeadersOf(err), "cache-control": "no-store", "x-request-id": requestId } });
}

/** A response's JSON body, for storing it under an Idempotency-Key. */
async function jsonOf(res: Response, route: string): Promise<unknown> {
  if (!/^application\/(.+\+)?json\b/i.test(res.headers.get("content-type") ?? "")) throw new Error(`Route "${route}" is idempotent but answered ${res.headers.get("content-type") ?? "no content type"}, not JSON.`);
  return res.json();
}

/**
 * Runs a creating call under its Idempotency-Key (when it sends one): the body is read here (up to
 * `maxBytes`) to fingerprint the request, and the handler gets a copy of the request with it.
 */
async function idempotently(route: string, req: Request, actor: Actor, maxBytes: number, handle: (req: Request) => Promise<Response>): Promise<Response> {
  const key = idempotencyKeyOf(req.headers);
  if (key === null) return handle(req);
  const body = new Uint8Array(await limitedRequest(req, maxBytes).arrayBuffer());
  const copy = new Request(req, { body, duplex: "half" } as RequestInit);
  const ran: Response[] = [];
  const outcome = await withIdempotency(actorKey(actor), key, httpRequestHash(req, body), async () => {
    const res = await handle(copy);
    ran.push(res);
    return { status: res.status, body: await jsonOf(res.clone(), route) };
  });
  const first = ran[0];
  // The request that ran keeps its handler's headers; a replay has the stored status and body.
  const headers = new Headers(first ? first.headers : { "cache-control": "no-store" });
  headers.set("idempotent-replayed", String(outcome.replayed));
  return first ? new Response(first.body, { status: first.status, headers }) : Response.json(outcome.body, { status: outcome.status, headers });
}

/**
 * The one HTTP edge for route handlers: refuses a cross-site request that may change something
 * (assertSameOrigin), resolves the actor (401 without one) and checks its rule (server/auth/route-rules:
 * 403 below the route's role, or for a token without the route's scope) before anything of the
 * request is read, counts it against the actor's rate limit for the route's class (429 past it;
 * X-RateLimit-* headers on every answer after), refuses unstorable text in the route's parameters
 * and query, runs the handler (under its Idempotency-Key for an `idempotent` route), maps every
 * failure through the shared error table and stamps the request id on the response — as tRPC
 * procedures get from their setup.
 */
export function withActor<P extends Params = Params>(name: string, handler: (ctx: RouteContext<P>) => Promise<Response>, options: RouteOptions = {}) {
  const rule = routeRule(name);
  const route = async (req: Request, next?: NextContext<P>): Promise<Response> => {
    const requestId = requestIdOf(req.headers);
    const log = logger.child({ route: name, requestId });
    let limit: RateLimitResult | null = null;
    try {
      assertSameOrigin(req);
      const rateClass = options.rateClass?.(req) ?? rule.rateClass ?? defaultRateClass(req.method);
      const counted = await actorOf(req, rateClass, log);
      const actor = counted.actor;
      limit = counted.limit;
      if (!actor) throw new AppError("UNAUTHORIZED", "Please sign in.");
      if (rule.minRole !== "anonymous" && !hasRole(actor.role, rule.minRole)) throw new AppError("FORBIDDEN", `This action needs the ${rule.minRole} role.`);
      assertTokenAccess(actor, rule.scope);
      limit ??= await consumeRateLimit(actor, rateClass);
      // Next passes no params (undefined) to a route without dynamic segments.
      const params = ((await next?.params) ?? {}) as P;
      assertStorableUrl(req, params);
      const ctx = { req, actor, requestId, log: log.child({ actor: actor.id }), params };
      const idempotent = req.method !== "GET" && req.method !== "HEAD" && (typeof options.idempotent === "function" ? options.idempotent(req) : options.idempotent === true);
      const res = idempotent ? await idempotently(name, req, actor, options.maxBodyBytes ?? DEFAULT_JSON_LIMIT, (r) => handler({ ...ctx, req: r })) : await handler(ctx);
      res.headers.set("x-request-id", requestId);
      for (const [header, value] of Object.entries(rateLimitHeaders(limit))) res.headers.set(header, value);
      return res;
    } catch (err) {
      return errorResponse(err, requestId, log, options.errorEnvelope, limit ? rateLimitHeaders(limit) : {});
    }
  };
  // The rule it runs under, for the authorization matrix (server/http/route-authorization.integration.test.ts).
  return Object.assign(route, { routeRule: name });
}
