"use client";
import { createContext, useCallback, useContext, useState, useSyncExternalStore, type ReactNode } from "react";
import { useTRPCClient } from "@/components/providers/trpc";
import { ProgressHub, type Snapshot } from "./progress-hub";

const HubContext = createContext<ProgressHub | null>(null);

/** Provides the shared progress streams to the console. */
export function ProgressHubProvider({ children }: { children: ReactNode }) {
  const client = useTRPCClient();
  const [hub] = useState(() => new ProgressHub(client));
  return <HubContext.Provider value={hub}>{children}</HubContext.Provider>;
}

export function useProgressHub(): ProgressHub {
  const hub = useContext(HubContext);
  if (!hub) throw new Error("useProgressHub needs ProgressHubProvider (mounted in the console layout).");
  return hub;
}

const IDLE: Snapshot = { progress: null, samples: [], connection: "waiting", error: null };

/** Live progress of a batch from its event stream (no polling); `enabled` false watches nothing. */
export function useBatchProgress(batchId: string, enabled = true): Snapshot {
  const hub = useProgressHub();
  const subscribe = useCallback((onChange: () => void) => (enabled ? hub.watch(batchId, onChange) : () => {}), [hub, batchId, enabled]);
  const get = useCallback(() => (enabled ? hub.snapshot(batchId) : IDLE), [hub, batchId, enabled]);
  return useSyncExternalStore(subscribe, get, () => IDLE);
}
