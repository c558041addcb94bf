import { APIError, createAuthMiddleware } from "better-auth/api";
import { setting } from "../config";
import { pool } from "../db";

// The per-account half of the sign-in limits (the per-IP half is better-auth's own limiter, kept in
// the database too): attempts per email address in a window, in PostgreSQL so every web process
// counts the same attempts. An attempt is counted before the password is checked, in one atomic
// statement, so a burst of parallel guesses cannot all slip past a check made before any was counted;
// a successful sign-in clears the count. The key is the address as typed (trimmed, lower-cased), so an
// unknown address is limited exactly like a real one and the 429 tells nothing about which exists.

export const SIGN_IN_PATH = "/sign-in/email";
/** better-auth error code of the refusal; the sign-in form words it. */
export const TOO_MANY_FAILED_SIGN_INS = "TOO_MANY_FAILED_SIGN_INS";

/** Longer than any address a user could have (RFC 5321 caps paths at 256); such input is refused by the endpoint anyway. */
const MAX_EMAIL_LENGTH = 320;

function emailOf(body: unknown): string | null {
  const email = body && typeof body === "object" && "email" in body ? body.email : null;
  if (typeof email !== "string") return null;
  const key = email.trim().toLowerCase();
  return key && key.length <= MAX_EMAIL_LENGTH ? key : null;
}

/** Counts one attempt for `email`; the attempts in its window so far (this one included) and seconds until the window ends. */
export async function countSignInAttempt(email: string): Promise<{ attempts: number; retryAfterSeconds: number }> {
  const minutes = setting("AUTH_SIGNIN_ACCOUNT_WINDOW_MINUTES");
  const { rows } = await pool().query<{ attempts: number; retry_after: number }>(
    `INSERT INTO sign_in_failures AS f (email, attempts, window_start_at) VALUES ($1, 1, now())
     ON CONFLICT (email) DO UPDATE SET
       attempts = CASE WHEN f.window_start_at <= now() - make_interval(mins => $2) THEN 1 ELSE f.attempts + 1 END,
       window_start_at = CASE WHEN f.window_start_at <= now() - make_interval(mins => $2) THEN now() ELSE f.window_start_at END
     RETURNING attempts, ceil(extract(epoch FROM f.window_start_at + make_interval(mins => $2) - now()))::int AS retry_after`,
    [email, minutes],
  );
  // Windows that ended stay behind until their address is tried again; now and then sweep them.
  if (Math.random() < 0.02) {
    await pool().query(`DELETE FROM sign_in_failures WHERE window_start_at <= now() - make_interval(mins => $1)`, [minutes]);
  }
  return { attempts: rows[0]!.attempts, retryAfterSeconds: Math.max(1, rows[0]!.retry_after) };
}

/** Forgets the attempts of `email` (after it signed in). */
export async function clearSignInAttempts(email: string): Promise<void> {
  await pool().query(`DELETE FROM sign_in_failures WHERE email = $1`, [email]);
}

/** better-auth `before` hook: refuses a sign-in once its address has used up the window's attempts. */
export const limitSignInsPerAccount = createAuthMiddleware(async (ctx) => {
  if (ctx.path !== SIGN_IN_PATH || !setting("AUTH_RATE_LIMIT")) return;
  const email = emailOf(ctx.body);
  if (!email) return;
  const { attempts, retryAfterSeconds } = await countSignInAttempt(email);
  if (attempts <= setting("AUTH_SIGNIN_PER_ACCOUNT")) return;
  const minutes = Math.ceil(retryAfterSeconds / 60);
  throw new APIError(
    "TOO_MANY_REQUESTS",
    {
      code: TOO_MANY_FAILED_SIGN_INS,
      message: `Too many failed sign-ins for this email address. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or ask an administrator to reset the password.`,
      retryAfterSeconds,
    },
    { "Retry-After": String(retryAfterSeconds) },
  );
});

/** better-auth `after` hook: a sign-in that made a session clears its address's count. */
export const clearOnSignIn = createAuthMiddleware(async (ctx) => {
  if (ctx.path !== SIGN_IN_PATH || !ctx.context.newSession) return;
  const email = emailOf(ctx.body);
  if (email) await clearSignInAttempts(email);
});
