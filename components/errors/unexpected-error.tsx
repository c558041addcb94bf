"use client";
import { RefreshCw, TriangleExclamationPoint } from "lucide-react";
import { Button } from "@/components/ui/button";
import { errorDigest } from "./error-digest";
import { ErrorView } from "./error-view";

/** What every error boundary shows: an apology, a retry and the log reference. */
export function UnexpectedError({ error, retry, homeHref }: { error: unknown; retry: () => void; homeHref?: string }) {
  return (
    <ErrorView
      icon={TriangleExclamationPoint}
      title="Something went wrong"
      message="This page could not be shown. Trying again usually helps; if it does not, tell your administrator and quote the reference below."
      reference={errorDigest(error)}
      actions={
        <>
          <Button onClick={retry}>
            <RefreshCw aria-hidden />
            Try again
          </Button>
          {homeHref ? (
            <Button asChild variant="secondary">
              {/* A plain link: after an error the client router may be what is broken. */}
              <a href={homeHref}>Go to the dashboard</a>
            </Button>
          ) : null}
        </>
      }
    />
  );
}
