"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";

const REFRESH_MS = 10_000;

/** Dashboard numbers, polled while the tab is visible so queue and worker state stay current. */
export function useOverview() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.dashboard.overview.queryOptions(), refetchInterval: REFRESH_MS });
}
