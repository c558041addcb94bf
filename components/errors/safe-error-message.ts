import { TRPCClientError } from "@trpc/client";

/** Codes whose message was written for users by the server (see server/errors.ts). */
const USER_FACING = new Set(["BAD_REQUEST", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "PRECONDITION_FAILED", "TOO_MANY_REQUESTS"]);

/** The tRPC error code of a failed query or mutation, when the server sent one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
}

/**
 * Text that is safe to show for a failure: the server's own message for expected errors,
 * otherwise `fallback` (network errors, proxies' HTML pages and 500s carry nothing for users).
 */
export function safeErrorMessage(error: unknown, fallback: string): string {
  const code = errorCode(error);
  return code && USER_FACING.has(code) && error instanceof Error ? error.message : fallback;
}
