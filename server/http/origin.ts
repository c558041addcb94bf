import { setting } from "../config";
import { bearerToken } from "../auth/bearer";
import { AppError } from "../errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const originOf = (url: string): string | null => (URL.canParse(url) ? new URL(url).origin : null);

/** Origins whose pages may send requests that change things: APP_URL's and TRUSTED_ORIGINS (as better-auth trusts them for sign-in). */
export function allowedOrigins(): Set<string> {
  return new Set([setting("APP_URL"), ...setting("TRUSTED_ORIGINS")].map(originOf).filter((o): o is string => o !== null));
}

/**
 * The CSRF check for a request that may change something (any method but GET, HEAD, OPTIONS),
 * before its session is looked up or its body read. Browsers send `Origin` with every such request,
 * so a foreign or `null` one (a sandboxed frame, a page on a sibling subdomain — which SameSite=Lax
 * lets through) is refused. A request without `Origin` but with cookies is a browser we cannot
 * place (or a script replaying a session): `Referer` may vouch for it, else it is refused too, as
 * better-auth does. A request with neither `Origin` nor cookies carries no ambient credentials, so
 * there is nothing to forge: it is anonymous, or authenticated by its `Authorization: Bearer`
 * header, which no other site can make a browser send (that needs a CORS preflight we never
 * grant). A bearer request is answered as the token alone, its cookies unread
 * (server/auth/request-actor), so one without `Origin` passes even when it carries cookies.
 */
export function assertSameOrigin(req: { method: string; headers: Headers }): void {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  const allowed = allowedOrigins();
  const origin = req.headers.get("origin");
  if (origin !== null) {
    if (origin === "null" || !allowed.has(origin)) throw new AppError("FORBIDDEN", "This request comes from a page of another site (its Origin is not trusted).");
    return;
  }
  if (!req.headers.has("cookie") || bearerToken(req.headers) !== null) return;
  const referer = originOf(req.headers.get("referer") ?? "");
  if (referer && allowed.has(referer)) return;
  throw new AppError("FORBIDDEN", "This request has a session cookie but no Origin header; send the Origin of the page it comes from.");
}
