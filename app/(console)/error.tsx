"use client";
import { UnexpectedError } from "@/components/errors/unexpected-error";

// Rendered inside the console frame, so the navigation stays usable while one page is broken.
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  return <UnexpectedError error={error} retry={retry} homeHref="/dashboard" />;
}
