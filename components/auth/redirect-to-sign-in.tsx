"use client";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { signInHref } from "./safe-next";

/**
 * Sends a visitor whose session cookie turned out invalid or expired to sign-in, remembering the
 * page they asked for (visitors with no cookie at all are redirected earlier, by proxy.ts). It runs
 * in the browser because a server layout is not told the requested path; the page never renders.
 */
export function RedirectToSignIn() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const href = signInHref(search ? `${pathname}?${search}` : pathname);

  useEffect(() => {
    // A full navigation, so no signed-out copy of the console stays in the router cache.
    window.location.replace(href);
  }, [href]);

  return (
    <main className="flex min-h-screen items-center justify-center px-4 text-sm text-slate-500">
      <p>
        Taking you to{" "}
        <a href={href} className="font-medium text-slate-900 underline underline-offset-2">
          sign in
        </a>
        …
      </p>
    </main>
  );
}
