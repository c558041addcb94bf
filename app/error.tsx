"use client";
import { UnexpectedError } from "@/components/errors/unexpected-error";

export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main className="flex min-h-screen items-center justify-center">
      <UnexpectedError error={error} retry={retry} homeHref="/dashboard" />
    </main>
  );
}
