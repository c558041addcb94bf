import { isAPIError } from "better-auth/api";
import { AppError, type AppErrorCode } from "../errors";

/** Our words for the refusals of better-auth's endpoints that a user can cause; others keep better-auth's own. */
const MESSAGES: Record<string, string> = {
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: "A user with this email address already exists.",
  USER_ALREADY_EXISTS: "A user with this email address already exists.",
  INVALID_EMAIL: "Enter a valid email address, like name@example.com.",
  INVALID_PASSWORD: "Your current password is not correct.",
  INVALID_TOKEN: "This link is invalid or has expired. Ask an administrator for a new one.",
  USER_NOT_FOUND: "No such user.",
  YOU_CANNOT_BAN_YOURSELF: "You cannot disable your own account; ask another admin.",
  YOU_CANNOT_REMOVE_YOURSELF: "You cannot delete your own account; ask another admin.",
  CREDENTIAL_ACCOUNT_NOT_FOUND: "This account has no password yet. Ask an administrator for a set-password link.",
};

const CODES: Record<number, AppErrorCode> = { 400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT", 422: "UNPROCESSABLE_CONTENT", 429: "TOO_MANY_REQUESTS" };

/**
 * Runs a better-auth endpoint on the server (auth.api.*) and turns its expected refusals into
 * AppErrors, so they reach the console through the one error mapping; anything else is rethrown.
 */
export async function callAuth<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!isAPIError(err) || !CODES[err.statusCode]) throw err;
    const body: unknown = err.body;
    const code = body && typeof body === "object" && "code" in body && typeof body.code === "string" ? body.code : "";
    throw new AppError(CODES[err.statusCode]!, MESSAGES[code] ?? err.message);
  }
}
