import { TRPCError } from "@trpc/server";
import { Prisma } from "./generated/prisma/client";

/** Domain error codes; each maps to one tRPC/HTTP code in `toTRPCError`. */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "TOO_MANY_REQUESTS";

/** An expected failure whose message is safe to show the user. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

const PG_CODES: Record<string, { code: AppErrorCode; message: string }> = {
  "23505": { code: "CONFLICT", message: "A record with the same unique value already exists." },
  "23503": { code: "BAD_REQUEST", message: "A referenced record does not exist." },
  "23502": { code: "BAD_REQUEST", message: "A required value is missing." },
  "22P02": { code: "BAD_REQUEST", message: "A value has the wrong format." },
  "22003": { code: "BAD_REQUEST", message: "A number is out of range." },
  "22007": { code: "BAD_REQUEST", message: "A date or time has the wrong format." },
  "22008": { code: "BAD_REQUEST", message: "A date or time is out of range." },
};

/**
 * The single place where failures become tRPC errors. Known failures keep their message;
 * anything unexpected becomes a generic INTERNAL_SERVER_ERROR (its text never reaches the browser).
 */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) {
    return error.code === "INTERNAL_SERVER_ERROR" && error.cause ? toTRPCError(error.cause) : error;
  }
  if (error instanceof AppError) {
    return new TRPCError({ code: error.code, message: error.message, cause: error });
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2025") return new TRPCError({ code: "NOT_FOUND", message: "Record not found." });
    if (error.code === "P2002") return new TRPCError({ code: "CONFLICT", message: PG_CODES["23505"]!.message });
  }
  const pgCode = (error as { code?: unknown } | null)?.code;
  if (typeof pgCode === "string" && PG_CODES[pgCode]) {
    const known = PG_CODES[pgCode];
    return new TRPCError({ code: known.code, message: known.message, cause: error });
  }
  return new TRPCError({
    code: "INTERNAL_SERVER_ERROR",
    message: "Something went wrong on our side. The error has been logged.",
    cause: error instanceof Error ? error : undefined,
  });
}
