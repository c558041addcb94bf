"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { formatClock, formatDateTime } from "@/components/format/time";
import { useTRPC } from "@/components/providers/trpc";
import type { BatchState } from "./types";
import { stateLabel } from "./state-badge";

const ACTION_LABEL: Record<string, string> = {
  create: "Created",
  preview: "Preview ready",
  requestApproval: "Approval requested",
  approve: "Approved",
  expireApproval: "Approval lapsed",
  commit: "Committed",
  start: "Started",
  pause: "Paused",
  resume: "Resumed",
  cancel: "Cancelled",
  discard: "Discarded",
  fail: "Failed",
};

const who = (e: { actorKind: string; actorName: string | null }) =>
  e.actorKind === "worker" ? "a worker" : e.actorKind === "token" ? `${e.actorName ?? "someone"} (API token)` : e.actorKind === "system" ? `${e.actorName ?? "someone"} (schedule)` : (e.actorName ?? "someone");

/**
 * The batch's life so far, one step per state change (read from its event outbox): what happened,
 * when and who did it. Read again whenever the state moves on.
 */
export function BatchTimeline({ batchId, state }: { batchId: string; state: BatchState }) {
  const trpc = useTRPC();
  const events = useQuery(trpc.batch.timeline.queryOptions({ batchId }));
  const { refetch } = events;
  useEffect(() => {
    void refetch();
  }, [state, refetch]);
  if (!events.data?.length) return null;
  return (
    <div className="sm:col-span-2 lg:col-span-4">
      <dt className="text-xs text-slate-500">History</dt>
      <dd>
        <ol className="mt-0.5 flex flex-wrap gap-x-1.5 gap-y-0.5 text-sm text-slate-900" data-testid="batch-timeline">
          {events.data.map((e, i) => (
            <li key={i} className="whitespace-nowrap">
              {i > 0 ? <span aria-hidden className="mr-1.5 text-slate-400">→</span> : null}
              <span title={`${formatDateTime(new Date(e.at))} by ${who(e)}`}>
                {e.action === "finish" ? stateLabel(e.toState) : (ACTION_LABEL[e.action] ?? e.action)}
                {e.actorKind !== "worker" && e.action !== "preview" ? ` by ${who(e)}` : ""}{" "}
                <time dateTime={new Date(e.at).toISOString()} className="text-slate-500 tabular-nums">
                  {formatClock(new Date(e.at))}
                </time>
              </span>
            </li>
          ))}
        </ol>
      </dd>
    </div>
  );
}
