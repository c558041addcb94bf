"use client";
import type { ReactNode } from "react";
import { FinishNotifier } from "./finish-notifier";
import { ProgressHubProvider } from "./progress-context";

/** Shared batch progress streams for the console's pages, and the "batch finished" toasts. */
export function BatchLayer({ children }: { children: ReactNode }) {
  return (
    <ProgressHubProvider>
      {children}
      <FinishNotifier />
    </ProgressHubProvider>
  );
}
