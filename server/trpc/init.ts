import { initTRPC, TRPCError } from "@trpc/server";
import superjson, { type SuperJSONResult } from "superjson";
import { ZodError, z } from "zod";
import type { Actor } from "../auth/actor";
import { procedureRateClass, procedureRule } from "../auth/procedure-rules";
import { assertTokenAccess } from "../auth/policy";
import { requestActor, requestActorCounted } from "../auth/request-actor";
import { hasRole, type Role } from "../auth/roles";
import { plainJsonIssue } from "../contracts/plain-json";
import { AppError, INTERNAL_MESSAGE, inputIssueError, normalizeError, toTRPCError } from "../errors";
import type { RateClass } from "../http/rate-classes";
import { consumeRateLimit, type RateLimitResult } from "../http/rate-limit";
import { requestIdOf } from "../http/request-id";
import { logger } from "../logger";

export type Context = {
  actor: Actor | null;
  headers: Headers;
  requestId: string;
  /** What each call of this request left of its rate limit, for the response's X-RateLimit-* headers. */
  rateLimits?: RateLimitResult[];
  /** Set by an edge that already counted the request (a REST route through withActor), so it is not counted twice. */
  rateLimitedAtEdge?: boolean;
};

/**
 * Builds the request context: who acts (an API token's owner, the session cookie's user, or null)
 * and the request's id. Given the `rateClass` of the one procedure a request calls (the REST layer),
 * an API token's request is counted as its token is read (server/auth/request-actor), and the
 * procedure does not count it again; past its budget this throws AppError TOO_MANY_REQUESTS.
 */
export async function createContext(opts: { headers: Headers; requestId?: string; rateClass?: RateClass }): Promise<Context> {
  const requestId = opts.requestId ?? requestIdOf(opts.headers);
  const lookup = opts.rateClass ? requestActorCounted(opts.headers, opts.rateClass) : requestActor(opts.headers).then((actor) => ({ actor, limit: null }));
  const { actor, limit } = await lookup.catch((err: unknown) => {
    // A spent budget is the answer; any other failure of the lookup is no actor.
    if (err instanceof AppError && err.code === "TOO_MANY_REQUESTS") throw err;
    // A malformed or forged cookie is no session, not a server error.
    logger.warn({ err, requestId }, "session lookup failed");
    return { actor: null, limit: null };
  });
  return { actor, headers: opts.headers, requestId, rateLimits: limit ? [limit] : [], rateLimitedAtEdge: limit !== null };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** superjson's wire form `{ json, meta }`: `json` is any JSON (absent for an undefined input), `meta` its annotations. */
function isSuperJsonWire(wire: unknown): wire is SuperJSONResult {
  return isPlainObject(wire) && (wire.meta === undefined || isPlainObject(wire.meta));
}

/**
 * superjson, with the wire JSON checked before it is deserialized: superjson copies the JSON first
 * and that copy silently drops `__proto__` keys (and could rebuild values the plainInput middleware
 * then sees), so what the client sent is checked here as sent.
 */
const transformer = {
  input: {
    serialize: (value: unknown) => superjson.serialize(value),
    deserialize: (wire: unknown) => {
      if (!isSuperJsonWire(wire)) throw new TRPCError({ code: "BAD_REQUEST", message: "Send each input as superjson's { json, meta }." });
      const issue = plainJsonIssue(wire.json);
      if (issue) throw toTRPCError(inputIssueError(issue));
      return superjson.deserialize(wire);
    },
  },
  output: superjson,
};

const t = initTRPC.context<Context>().create({
  transformer,
  errorFormatter({ shape, error, ctx }) {
    // A service's field errors (AppError details.fields, e.g. a template run's `params.<name>`) reach
    // forms the way a schema's do.
    const serviceFields = error.cause instanceof AppError && error.cause.details?.fields ? { formErrors: [], fieldErrors: error.cause.details.fields as Record<string, string[]> } : null;
    const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : serviceFields;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    // A schema failure reads "path: what is wrong" (its issues are in zodError), not zod's JSON dump.
    const message = internal ? INTERNAL_MESSAGE : error.cause instanceof ZodError ? (normalizeError(error.cause)?.message ?? shape.message) : shape.message;
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        zodError,
        requestId: ctx?.requestId ?? null,
      },
    };
  },
});

/** Maps every failure through the one error mapping and logs the unexpected ones. */
const errorMapping = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (result.ok || result.error.code !== "INTERNAL_SERVER_ERROR") return result;
  const mapped = toTRPCError(result.error);
  if (mapped.code === "INTERNAL_SERVER_ERROR") {
    logger.error({ err: result.error.cause ?? result.error, path, type, requestId: ctx.requestId }, "unexpected error in procedure");
  }
  throw mapped;
});

/**
 * Refuses an input that is not plain, storable JSON (see contracts/plain-json) with a field message,
 * before any schema, service or query sees it: one check for every procedure. It runs after the
 * tier's checks, so a caller who may not call the procedure never has its input read at all.
 */
const plainInput = t.middleware(async ({ getRawInput, next }) => {
  const issue = plainJsonIssue(await getRawInput());
  if (issue) throw toTRPCError(inputIssueError(issue));
  return next();
});

/**
 * Counts each call of a signed-in actor against its rate limit, in the class of its procedure
 * (server/auth/procedure-rules: what starts work is `jobCreation`, other mutations `default`, the
 * rest status checks). After the tier's checks, so a refused console call spends nothing; a token's REST
 * call was counted as its token was read (createContext with a rateClass), and is not counted again.
 */
const rateLimited = t.middleware(async ({ ctx, path, type, next }) => {
  if (ctx.actor && !ctx.rateLimitedAtEdge) ctx.rateLimits?.push(await consumeRateLimit(ctx.actor, procedureRateClass(path, type)));
  return next();
});

/**
 * An API token calls only what its scopes allow, by the procedure's rule (PROCEDURE_RULES): checked
 * for every procedure, before its tier, its input or its service. A procedure without a rule is
 * refused to tokens (the matrix test fails for it anyway).
 */
const tokenScope = t.middleware(({ ctx, path, next }) => {
  if (ctx.actor?.kind === "token") {
    const rule = procedureRule(path);
    try {
      if (!rule) throw new AppError("FORBIDDEN", "API tokens cannot call this procedure.");
      assertTokenAccess(ctx.actor, rule.scope);
    } catch (err) {
      throw toTRPCError(err);
    }
  }
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
const base = t.procedure.use(errorMapping).use(tokenScope);
export const publicProcedure = base.use(rateLimited).use(plainInput);

const signedIn = base.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/** Requires a signed-in actor; `ctx.actor` is non-null downstream. */
export const protectedProcedure = signedIn.use(rateLimited).use(plainInput);

function requireRole(role: Role) {
  return signedIn
    .use(({ ctx, next }) => {
      if (!hasRole(ctx.actor.role, role)) {
        throw new TRPCError({ code: "FORBIDDEN", message: `This action needs the ${role} role.` });
      }
      return next();
    })
    .use(rateLimited)
    .use(plainInput);
}

/** Operators and admins: may run batches (row ownership is checked per row). */
export const operatorProcedure = requireRole("operator");
/** Admins only. */
export const adminProcedure = requireRole("admin");
