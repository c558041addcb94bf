import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import { getSessionUser, type SessionUser } from "../auth/session";
import { hasRole, type Role } from "../auth/roles";
import { toTRPCError } from "../errors";
import { logger } from "../logger";

export type Context = { user: SessionUser | null; headers: Headers };

/** Builds the request context: the signed-in user (or null) from the session cookie. */
export async function createContext(opts: { headers: Headers }): Promise<Context> {
  return { user: await getSessionUser(opts.headers), headers: opts.headers };
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: internal ? "Something went wrong on our side. The error has been logged." : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        zodError,
      },
    };
  },
});

/** Maps every failure through the one error mapping and logs the unexpected ones. */
const errorMapping = t.middleware(async ({ next, path, type }) => {
  const result = await next();
  if (result.ok) return result;
  if (result.error.cause instanceof ZodError || result.error.code !== "INTERNAL_SERVER_ERROR") return result;
  const mapped = toTRPCError(result.error);
  if (mapped.code === "INTERNAL_SERVER_ERROR") {
    logger.error({ err: result.error.cause ?? result.error, path, type }, "unexpected error in procedure");
  }
  throw mapped;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorMapping);

/** Requires a signed-in user; `ctx.user` is non-null downstream. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

function requireRole(role: Role) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!hasRole(ctx.user.role, role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This action needs the ${role} role.` });
    }
    return next();
  });
}

/** Operators and admins: may run batches (row ownership is checked per row). */
export const operatorProcedure = requireRole("operator");
/** Admins only. */
export const adminProcedure = requireRole("admin");
