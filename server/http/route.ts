import type { Logger } from "pino";
import type { Actor } from "../auth/actor";
import { getSessionActor } from "../auth/session";
import { AppError, toHttpError } from "../errors";
import { logger } from "../logger";
import { requestIdOf } from "./request-id";

type Params = Record<string, string | string[] | undefined>;

/** What a route handler gets: the request, who sends it, its request id, a logger naming both, route params. */
export type RouteContext<P extends Params> = { req: Request; actor: Actor; requestId: string; log: Logger; params: P };

type NextContext<P> = { params: Promise<P> };

/** Who sends a request: the session cookie's user (API tokens plug in here), or null. */
async function actorOf(req: Request, log: Logger): Promise<Actor | null> {
  try {
    return await getSessionActor(req.headers);
  } catch (err) {
    // A malformed or forged cookie is no session, not a server error.
    log.warn({ err }, "session lookup failed");
    return null;
  }
}

/** A JSON error response with the request id in the body and a header. */
export function errorResponse(err: unknown, requestId: string, log: Logger): Response {
  const { status, body, unexpected } = toHttpError(err, requestId);
  if (unexpected) log.error({ err }, "unexpected error in route handler");
  return Response.json(body, { status, headers: { "cache-control": "no-store", "x-request-id": requestId } });
}

/**
 * The one HTTP edge for route handlers: resolves the actor (401 without one) before anything of the
 * request is read, runs the handler, maps every failure through the shared error table and stamps
 * the request id on the response — as tRPC procedures get from their setup.
 */
export function withActor<P extends Params = Params>(name: string, handler: (ctx: RouteContext<P>) => Promise<Response>) {
  return async (req: Request, next?: NextContext<P>): Promise<Response> => {
    const requestId = requestIdOf(req.headers);
    const log = logger.child({ route: name, requestId });
    try {
      const actor = await actorOf(req, log);
      if (!actor) throw new AppError("UNAUTHORIZED", "Please sign in.");
      const params = (next ? await next.params : {}) as P;
      const res = await handler({ req, actor, requestId, log: log.child({ actor: actor.id }), params });
      res.headers.set("x-request-id", requestId);
      return res;
    } catch (err) {
      return errorResponse(err, requestId, log);
    }
  };
}
