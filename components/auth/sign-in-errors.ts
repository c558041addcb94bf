/** What the user reads when better-auth refuses a sign-in; never the server's own text. */
export function signInErrorMessage(error: { status?: number; code?: string; retryAfterSeconds?: unknown }): string {
  // The per-address limit (server/auth/sign-in-limit.ts); worded the same whether or not the address exists.
  if (error.status === 429 && error.code === "TOO_MANY_FAILED_SIGN_INS") {
    const minutes = typeof error.retryAfterSeconds === "number" ? Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) : null;
    return `Too many failed sign-ins for this email address. Try again ${minutes ? `in ${minutes} minute${minutes === 1 ? "" : "s"}` : "later"}, or ask an administrator to reset your password.`;
  }
  if (error.status === 429) return "Too many sign-in attempts. Wait a minute, then try again.";
  if (error.status === 403 && error.code === "BANNED_USER") return "This account is disabled. Ask an administrator to enable it.";
  if (error.status === 401 || error.code === "INVALID_EMAIL_OR_PASSWORD") return "Email or password is incorrect.";
  return "Could not sign in, try again.";
}

/** Client-side checks before asking the server; messages name the field and the fix. */
export function validateSignIn(email: string, password: string): { email?: string; password?: string } {
  const errors: { email?: string; password?: string } = {};
  if (!email.trim()) errors.email = "Enter your email address.";
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) errors.email = "Enter a valid email address, like name@example.com.";
  if (!password) errors.password = "Enter your password.";
  return errors;
}
