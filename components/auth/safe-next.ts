const FALLBACK = "/dashboard";

/**
 * The path to return to after signing in: only same-site paths, so a crafted link cannot send a
 * user to another site (`//evil.example`, `/\evil.example` and absolute URLs are all refused).
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
    return FALLBACK;
  }
  // Browsers drop tabs and newlines inside URLs, which would turn "/\t/evil" into "//evil".
  if (/[\u0000-\u001f\\]/.test(next)) return FALLBACK;
  if (next === "/sign-in" || next.startsWith("/sign-in?") || next.startsWith("/api/")) return FALLBACK;
  return next;
}

/** The sign-in page, remembering where to come back to. */
export function signInHref(returnTo: string): string {
  const next = safeNextPath(returnTo);
  return next === FALLBACK ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
}
