import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { signInHref } from "@/components/auth/safe-next";
import { AUTH_COOKIE_PREFIX } from "@/server/auth/cookie";

/**
 * Sends a visitor without a session cookie straight to sign-in, with the page they asked for, before
 * any console page renders. Only an optimistic check of the cookie's presence: the console layout
 * still verifies the session itself (an expired or forged cookie passes here and is caught there).
 */
export function proxy(request: NextRequest) {
  if (getSessionCookie(request, { cookiePrefix: AUTH_COOKIE_PREFIX })) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  return NextResponse.redirect(new URL(signInHref(pathname + search), request.url));
}

export const config = {
  matcher: ["/dashboard/:path*", "/resources/:path*", "/batches/:path*", "/exports/:path*", "/audit/:path*", "/users/:path*", "/account/:path*"],
};
