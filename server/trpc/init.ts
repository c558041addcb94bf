import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import type { Actor } from "../auth/actor";
import { hasRole, type Role } from "../auth/roles";
import { getSessionActor } from "../auth/session";
import { INTERNAL_MESSAGE, toTRPCError } from "../errors";
import { requestIdOf } from "../http/request-id";
import { logger } from "../logger";

export type Context = { actor: Actor | null; headers: Headers; requestId: string };

/** Builds the request context: who acts (from the session cookie, or null) and the request's id. */
export async function createContext(opts: { headers: Headers; requestId?: string }): Promise<Context> {
  const requestId = opts.requestId ?? requestIdOf(opts.headers);
  const actor = await getSessionActor(opts.headers).catch((err: unknown) => {
    // A malformed or forged cookie is no session, not a server error.
    logger.warn({ err, requestId }, "session lookup failed");
    return null;
  });
  return { actor, headers: opts.headers, requestId };
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx }) {
    const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: internal ? INTERNAL_MESSAGE : shape.message,
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

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorMapping);

/** Requires a signed-in actor; `ctx.actor` is non-null downstream. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

function requireRole(role: Role) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!hasRole(ctx.actor.role, role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This action needs the ${role} role.` });
    }
    return next();
  });
}

/** Operators and admins: may run batches (row ownership is checked per row). */
export const operatorProcedure = requireRole("operator");
/** Admins only. */
export const adminProcedure = requireRole("admin");
