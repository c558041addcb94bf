import type { Logger } from "pino";
import type { Actor } from "../auth/actor";
import { requireScope } from "../auth/policy";
import { requestActor } from "../auth/request-actor";
import { hasRole } from "../auth/roles";
import { routeRule } from "../auth/route-rules";
import { textProblem } from "../contracts/plain-json";
import { AppError, inputIssueError, toHttpError, type ErrorBody } from "../errors";
import { logger } from "../logger";
import { assertSameOrigin } from "./origin";
import { requestIdOf } from "./request-id";

type Params = Record<string, string | string[] | undefined>;

/** What a route handler gets: the request, who sends it, its request id, a logger naming both, route params. */
export type RouteContext<P extends Params> = { req: Request; actor: Actor; requestId: string; log: Logger; params: P };

type NextContext<P> = { params: Promise<P> };

/** Who sends a request: an API token's owner, the session cookie's user, or null (server/auth/request-actor). */
async function actorOf(req: Request, log: Logger): Promise<Actor | null> {
  try {
    return await requestActor(req.headers);
  } catch (err) {
    // A malformed or forged cookie is no session, not a server error.
    log.warn({ err }, "session lookup failed");
    return null;
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

export type RouteOptions = { errorEnvelope?: ErrorEnvelope };

/** A JSON error response with the request id in the body and a header. */
export function errorResponse(err: unknown, requestId: string, log: Logger, envelope?: ErrorEnvelope): Response {
  const { status, body, unexpected } = toHttpError(err, requestId);
  if (unexpected) log.error({ err }, "unexpected error in route handler");
  const sent = envelope ? envelope({ status, body }) : { status, body };
  return Response.json(sent.body, { status: sent.status, headers: { "cache-control": "no-store", "x-request-id": requestId } });
}

/**
 * The one HTTP edge for route handlers: refuses a cross-site request that may change something
 * (assertSameOrigin), resolves the actor (401 without one) and checks its rule (server/auth/route-rules:
 * 403 below the route's role, or for a token without the route's scope) before anything of the
 * request is read,
 * refuses unstorable text in the route's parameters and query, runs the handler, maps every failure
 * through the shared error table and stamps the request id on the response — as tRPC procedures get
 * from their setup.
 */
export function withActor<P extends Params = Params>(name: string, handler: (ctx: RouteContext<P>) => Promise<Response>, options: RouteOptions = {}) {
  const rule = routeRule(name);
  return async (req: Request, next?: NextContext<P>): Promise<Response> => {
    const requestId = requestIdOf(req.headers);
    const log = logger.child({ route: name, requestId });
    try {
      assertSameOrigin(req);
      const actor = await actorOf(req, log);
      if (!actor) throw new AppError("UNAUTHORIZED", "Please sign in.");
      if (rule.minRole !== "anonymous" && !hasRole(actor.role, rule.minRole)) throw new AppError("FORBIDDEN", `This action needs the ${rule.minRole} role.`);
      requireScope(actor, rule.scope);
      // Next passes no params (undefined) to a route without dynamic segments.
      const params = ((await next?.params) ?? {}) as P;
      assertStorableUrl(req, params);
      const res = await handler({ req, actor, requestId, log: log.child({ actor: actor.id }), params });
      res.headers.set("x-request-id", requestId);
      return res;
    } catch (err) {
      return errorResponse(err, requestId, log, options.errorEnvelope);
    }
  };
}
