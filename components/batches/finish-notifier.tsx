"use client";
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useEffect } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { notifyFinished } from "./finish-toast";
import { useProgressHub } from "./progress-context";
import { isActiveState } from "./types";


/**
 * Tells the user when one of their batches finishes, wherever they are in the console: it follows
 * each active batch's progress stream (no polling) and toasts on the final event. Active batches are
 * found when the console loads, on navigation and when the window regains focus; batches committed
 * in this tab are followed from the moment of commit.
 */
export function FinishNotifier() {
  const trpc = useTRPC();
  const hub = useProgressHub();
  const router = useRouter();
  const pathname = usePathname();
  const list = useQuery({ ...trpc.batch.list.queryOptions({ page: 1, pageSize: 50 }), staleTime: 5_000, refetchOnWindowFocus: true });
  const meta = useQuery({ ...trpc.resources.meta.queryOptions(), staleTime: 5 * 60_000 });
  const { refetch } = list;

  useEffect(() => {
    void refetch();
  }, [pathname, refetch]);

  useEffect(() => {
    for (const b of list.data?.batches ?? []) {
      if (!isActiveState(b.progress.state) || hub.isTracked(b.id)) continue;
      const label = meta.data?.find((r) => r.name === b.resource)?.label ?? b.resource;
      hub.track(b.id, (p) => notifyFinished(p, { resource: label, operation: b.operation, kind: b.kind, batchId: b.id, open: router.push }));
    }
  }, [list.data, meta.data, hub, router]);

  return null;
}
