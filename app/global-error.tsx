"use client";
import { UnexpectedError } from "@/components/errors/unexpected-error";
import "./globals.css";

// Replaces the root layout when that layout itself fails, so it brings its own document and styles.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <title>Something went wrong · Batchdesk</title>
        <main className="flex min-h-screen items-center justify-center">
          <UnexpectedError error={error} retry={retry} homeHref="/dashboard" />
        </main>
      </body>
    </html>
  );
}
