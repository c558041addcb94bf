/**
 * The origins better-auth accepts sign-ins from: APP_URL's and TRUSTED_ORIGINS. The same app is
 * reached as localhost and 127.0.0.1 on developer machines and in tests, so a loopback APP_URL also
 * trusts its loopback twin; a public APP_URL gets no loopback origin besides (security review,
 * finding 19: a page served on the server's own localhost could otherwise sign in to production).
 */
export function trustedOrigins(appUrl: string, extra: readonly string[]): string[] {
  const url = new URL(appUrl);
  if (url.hostname !== "localhost" && url.hostname !== "127.0.0.1") return [url.origin, ...extra];
  const alt = new URL(appUrl);
  alt.hostname = url.hostname === "localhost" ? "127.0.0.1" : "localhost";
  return [url.origin, alt.origin, ...extra];
}
