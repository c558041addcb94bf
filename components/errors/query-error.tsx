"use client";
import { RefreshCw } from "lucide-react";
import { usePathname } from "next/navigation";
import { signInHref } from "@/components/auth/safe-next";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorCode, safeErrorMessage } from "./safe-error-message";

/** A failed query in place of its content: what failed, and a retry (or sign in, if the session ended). */
export function QueryError({ error, what, onRetry }: { error: unknown; what: string; onRetry: () => void }) {
  const pathname = usePathname();
  if (errorCode(error) === "UNAUTHORIZED") {
    return (
      <Alert tone="warning" title="Your session has ended">
        <a href={signInHref(pathname)} className="font-medium underline underline-offset-2">
          Sign in again
        </a>{" "}
        to keep working.
      </Alert>
    );
  }
  return (
    <Alert tone="danger" title={`Could not load ${what}`}>
      <p>{safeErrorMessage(error, "Check your connection and try again. If it keeps failing, the server may be down.")}</p>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onRetry}>
        <RefreshCw aria-hidden />
        Try again
      </Button>
    </Alert>
  );
}
