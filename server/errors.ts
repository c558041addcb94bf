import { TRPCError } from "@trpc/server";
import { ZodError, z } from "zod";
import type { InputIssue } from "./contracts/plain-json";
import { Prisma } from "./generated/prisma/client";

type TrpcCode = TRPCError["code"];

/**
 * Every expected failure's code, with the tRPC code and the HTTP status it is answered with: the one
 * table both tRPC procedures and route handlers use.
 */
export const ERROR_CODES = {
  BAD_REQUEST: { trpc: "BAD_REQUEST", status: 400 },
  UNAUTHORIZED: { trpc: "UNAUTHORIZED", status: 401 },
  FORBIDDEN: { trpc: "FORBIDDEN", status: 403 },
  NOT_FOUND: { trpc: "NOT_FOUND", status: 404 },
  METHOD_NOT_ALLOWED: { trpc: "METHOD_NOT_SUPPORTED", status: 405 },
  CONFLICT: { trpc: "CONFLICT", status: 409 },
  // tRPC has no "gone": its clients see NOT_FOUND, HTTP clients 410 (an expired file).
  GONE: { trpc: "NOT_FOUND", status: 410 },
  PRECONDITION_FAILED: { trpc: "PRECONDITION_FAILED", status: 412 },
  PAYLOAD_TOO_LARGE: { trpc: "PAYLOAD_TOO_LARGE", status: 413 },
  UNSUPPORTED_MEDIA_TYPE: { trpc: "UNSUPPORTED_MEDIA_TYPE", status: 415 },
  UNPROCESSABLE_CONTENT: { trpc: "UNPROCESSABLE_CONTENT", status: 422 },
  TOO_MANY_REQUESTS: { trpc: "TOO_MANY_REQUESTS", status: 429 },
} as const satisfies Record<string, { trpc: TrpcCode; status: number }>;

/** Our code for a tRPC code: the one of the same name, else the first mapped to it. */
function appCodeOfTrpc(code: TrpcCode): AppErrorCode | null {
  if (code === "INTERNAL_SERVER_ERROR") return null;
  if (code in ERROR_CODES) return code as AppErrorCode;
  const found = (Object.keys(ERROR_CODES) as AppErrorCode[]).find((k) => ERROR_CODES[k].trpc === code);
  return found ?? "BAD_REQUEST";
}

/** Domain error codes; each maps to one tRPC code and one HTTP status in `ERROR_CODES`. */
export type AppErrorCode = keyof typeof ERROR_CODES;

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

/** What every unexpected failure says instead of its own text (which may name hosts, queries, secrets). */
export const INTERNAL_MESSAGE = "Something went wrong on our side. The error has been logged.";

const PG_CODES: Record<string, { code: AppErrorCode; message: string }> = {
  "23505": { code: "CONFLICT", message: "A record with the same unique value already exists." },
  "23503": { code: "BAD_REQUEST", message: "A referenced record does not exist." },
  "23502": { code: "BAD_REQUEST", message: "A required value is missing." },
  "22P02": { code: "BAD_REQUEST", message: "A value has the wrong format." },
  "22003": { code: "BAD_REQUEST", message: "A number is out of range." },
  "22007": { code: "BAD_REQUEST", message: "A date or time has the wrong format." },
  "22008": { code: "BAD_REQUEST", message: "A date or time is out of range." },
  "22001": { code: "BAD_REQUEST", message: "A value is too long for its field." },
  // Inputs are checked for these before any query (contracts/plain-json); these are the second line.
  "22021": { code: "BAD_REQUEST", message: "A text value contains a character that cannot be stored (such as NUL, \\u0000)." },
  "22P05": { code: "BAD_REQUEST", message: "A text value contains a character that cannot be stored (such as NUL, \\u0000)." },
};

const field = (value: unknown, key: string): unknown => (typeof value === "object" && value !== null ? Reflect.get(value, key) : undefined);

/**
 * The PostgreSQL SQLSTATE behind a failure: node-postgres puts it on the error, Prisma's driver
 * adapter wraps it (P2039 and others) in `meta.driverAdapterError.cause`.
 */
function pgCodeOf(error: unknown): string | null {
  const adapterCause = field(field(field(error, "meta"), "driverAdapterError"), "cause");
  for (const code of [field(error, "code"), field(adapterCause, "code"), field(adapterCause, "originalCode")]) {
    if (typeof code === "string" && PG_CODES[code]) return code;
  }
  return null;
}

/** An input that is not plain storable JSON, as the schema failure it is: a field message naming the path. */
export function inputIssueError(issue: InputIssue): ZodError {
  return new ZodError([{ code: "custom", path: issue.path, message: issue.message, input: undefined }]);
}

/**
 * The domain meaning of a failure: an AppError as is, input that failed its schema, and the database
 * and Prisma errors that are about the request's data. Null for anything unexpected.
 */
export function normalizeError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  // A procedure called outside tRPC's HTTP adapter (the REST layer) fails with a TRPCError: its cause
  // when it has a known one (an AppError, a schema failure), else its code read back into ours.
  if (error instanceof TRPCError) {
    const cause = error.cause ? normalizeError(error.cause) : null;
    if (cause) return cause;
    const code = appCodeOfTrpc(error.code);
    return code ? new AppError(code, error.message) : null;
  }
  if (error instanceof ZodError) {
    const flat = z.flattenError(error);
    const first = error.issues[0];
    const where = first?.path.length ? `${first.path.join(".")}: ` : "";
    return new AppError("BAD_REQUEST", `${where}${first?.message ?? "Invalid input."}`, { fields: flat.fieldErrors, formErrors: flat.formErrors });
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2025") return new AppError("NOT_FOUND", "Record not found.");
    if (error.code === "P2002") return new AppError("CONFLICT", PG_CODES["23505"]!.message);
  }
  const pgCode = pgCodeOf(error);
  if (pgCode) return new AppError(PG_CODES[pgCode]!.code, PG_CODES[pgCode]!.message);
  return null;
}

/**
 * The single place where failures become tRPC errors. Known failures keep their message;
 * anything unexpected becomes a generic INTERNAL_SERVER_ERROR (its text never reaches the browser).
 */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) {
    return error.code === "INTERNAL_SERVER_ERROR" && error.cause ? toTRPCError(error.cause) : error;
  }
  const known = normalizeError(error);
  // A schema failure keeps the ZodError as its cause, so the error formatter can list the fields.
  if (known) return new TRPCError({ code: ERROR_CODES[known.code].trpc, message: known.message, cause: error instanceof ZodError ? error : known });
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: INTERNAL_MESSAGE, cause: error instanceof Error ? error : undefined });
}

/** An error as HTTP clients receive it: `{ error: { code, message, details?, requestId } }`. */
export type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown>; requestId?: string } };

/** The status and body for a failure; unexpected ones are a generic 500 (the caller logs them). */
export function toHttpError(error: unknown, requestId?: string): { status: number; body: ErrorBody; unexpected: boolean } {
  const known = normalizeError(error);
  if (!known) return { status: 500, body: { error: { code: "INTERNAL_SERVER_ERROR", message: INTERNAL_MESSAGE, requestId } }, unexpected: true };
  return {
    status: ERROR_CODES[known.code].status,
    body: { error: { code: known.code, message: known.message, ...(known.details ? { details: known.details } : {}), requestId } },
    unexpected: false,
  };
}
