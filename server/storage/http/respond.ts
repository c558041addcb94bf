import { getSessionUser, type SessionUser } from "../../auth/session";
import { AppError, type AppErrorCode } from "../../errors";
import { logger } from "../../logger";
import { FileExpiredError } from "../files";

const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  TOO_MANY_REQUESTS: 429,
};

/** A JSON error body `{ error: { code, message } }` with the matching status. */
export function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store" } });
}

/** Maps a failure to a response: known errors keep their message, anything else is a logged, generic 500. */
export function toErrorResponse(err: unknown, route: string): Response {
  if (err instanceof FileExpiredError) return errorResponse(410, "GONE", err.message);
  if (err instanceof AppError) return errorResponse(STATUS[err.code], err.code, err.message);
  logger.error({ err, route }, "unexpected error in route handler");
  return errorResponse(500, "INTERNAL_SERVER_ERROR", "Something went wrong on our side. The error has been logged.");
}

/**
 * Runs a route handler for a signed-in user (401 without a session) with the one error mapping,
 * the way tRPC procedures get theirs.
 */
export async function withUser(req: Request, route: string, fn: (user: SessionUser) => Promise<Response>): Promise<Response> {
  try {
    const user = await getSessionUser(req.headers);
    if (!user) return errorResponse(401, "UNAUTHORIZED", "Please sign in.");
    return await fn(user);
  } catch (err) {
    return toErrorResponse(err, route);
  }
}
