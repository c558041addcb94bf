import { TRPCClientError } from "@trpc/client";
import { signInHref } from "./safe-next";

// Pages that work without a session, where an UNAUTHORIZED answer is the page's own business.
const SIGNED_OUT_PAGES = ["/sign-in", "/set-password"];

/**
 * Query and mutation error hook: a request that finds the session gone (signed out from another device,
 * password reset, account disabled) takes the browser to sign-in at once, remembering the page. The
 * console layout checks the session only on a full load; a client-side navigation keeps the layout, so
 * without this an open page would keep showing the console with every request failing.
 */
export function leaveWhenSessionLost(error: unknown): void {
  if (typeof window === "undefined") return;
  if (!(error instanceof TRPCClientError) || error.data?.code !== "UNAUTHORIZED") return;
  const { pathname, search } = window.location;
  if (SIGNED_OUT_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return;
  // A full navigation, so no copy of the console stays in the router cache.
  window.location.replace(signInHref(pathname + search));
}
