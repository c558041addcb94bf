import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { signInHref } from "@/components/auth/safe-next";
import { AUTH_COOKIE_PREFIX } from "@/server/auth/cookie";
import { API_POLICY, HSTS, newNonce, pagePolicy, servedOverHttps } from "@/server/http/security-headers";
import { decodablePath } from "@/server/http/url";

/** Pages that need a session; a visitor without a session cookie is sent to sign-in first. */
const CONSOLE_PATHS = ["/dashboard", "/resources", "/batches", "/exports", "/audit", "/users", "/account"];

const isConsolePath = (p: string) => CONSOLE_PATHS.some((c) => p === c || p.startsWith(`${c}/`));

/**
 * Runs before every page and API route (not static assets). Three jobs:
 *
 * - Refuses a path Next cannot decode (server/http/url.ts), which Next would answer with a 500.
 * - Security headers that vary per request: each page's CSP carries a fresh nonce (set on the
 *   request too, where Next reads it for its own scripts, so every page renders dynamically: see
 *   the root layout), API responses get a CSP that allows nothing, and HSTS is sent when APP_URL is
 *   https (read at run time; next.config's headers() are fixed at build time, so the constant ones —
 *   nosniff, frame options, referrer policy — live there, on static assets too).
 * - Sends a visitor without a session cookie straight to sign-in, with the page they asked for,
 *   before any console page renders. Only an optimistic check of the cookie's presence: the console
 *   layout still verifies the session itself (an expired or forged cookie passes here and is caught there).
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const https = servedOverHttps();
  let response: NextResponse;
  let policy: string;
  if (!decodablePath(pathname)) {
    response = NextResponse.json({ error: { code: "BAD_REQUEST", message: "The URL's path is not valid UTF-8 (a malformed %-escape)." } }, { status: 400 });
    policy = API_POLICY;
  } else if (pathname.startsWith("/api/")) {
    response = NextResponse.next();
    policy = API_POLICY;
  } else if (isConsolePath(pathname) && !getSessionCookie(request, { cookiePrefix: AUTH_COOKIE_PREFIX })) {
    response = NextResponse.redirect(new URL(signInHref(pathname + search), request.url));
    policy = API_POLICY;
  } else {
    policy = pagePolicy(newNonce(), { https, dev: process.env.NODE_ENV === "development" });
    const headers = new Headers(request.headers);
    headers.set("content-security-policy", policy);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set("content-security-policy", policy);
  if (https) response.headers.set("strict-transport-security", HSTS);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
