"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { StateBadge } from "@/components/batches/state-badge";
import type { BatchState } from "@/components/batches/types";
import { QueryError } from "@/components/errors/query-error";
import { formatInZone } from "@/components/format/time";
import { useTRPC } from "@/components/providers/trpc";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, Td, Th } from "@/components/ui/table";
import { RunStateBadge, runIsLive } from "./badges";

const TRIGGERS: Record<string, string> = { tick: "Timetable", manual: "Run now" };

/** A schedule's runs, newest first, with their batches; refreshed every 2 s while one is planning or its batch has not ended. */
export function RunHistory({ scheduleId, timezone }: { scheduleId: string; timezone: string }) {
  const trpc = useTRPC();
  const runs = useQuery({
    ...trpc.schedules.runs.queryOptions({ scheduleId, limit: 50 }),
    refetchInterval: (q) => (q.state.data?.some(runIsLive) ? 2000 : 10_000),
  });
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Run history</CardTitle>
          <CardDescription>Each run is a dry run; it commits on its own only within the guard, else it is held at its preview.</CardDescription>
        </div>
      </CardHeader>
      {runs.error && !runs.data ? (
        <div className="p-5">
          <QueryError error={runs.error} what="the run history" onRetry={() => void runs.refetch()} />
        </div>
      ) : !runs.data ? (
        <Skeleton className="m-5 h-24" />
      ) : runs.data.length === 0 ? (
        <p className="p-5 text-sm text-slate-500">No runs yet: the first comes at its next run, or with “Run now”.</p>
      ) : (
        <Table aria-label="Run history">
          <thead>
            <tr>
              <Th>Due</Th>
              <Th>Trigger</Th>
              <Th>Outcome</Th>
              <Th>Batch</Th>
              <Th className="text-right">Rows</Th>
            </tr>
          </thead>
          <tbody>
            {runs.data.map((r) => (
              <tr key={r.id} data-testid={`run-${r.id}`}>
                <Td className="whitespace-nowrap">
                  {formatInZone(new Date(r.dueAt), timezone)}
                  <div className="text-xs text-slate-500">v{r.templateVersion}</div>
                </Td>
                <Td className="whitespace-nowrap">{TRIGGERS[r.trigger] ?? r.trigger}</Td>
                <Td className="max-w-md">
                  <RunStateBadge state={r.state} />
                  {r.reason ? <div className="mt-1 text-xs text-slate-600">{r.reason}</div> : null}
                  {r.state === "held" && r.batch?.state === "previewed" ? (
                    <Link href={`/batches/${r.batch.id}`} className="mt-1 inline-block text-xs font-medium text-slate-900 underline underline-offset-2">
                      Review its preview and commit
                    </Link>
                  ) : null}
                </Td>
                <Td className="whitespace-nowrap">
                  {r.batch ? (
                    <div className="flex items-center gap-2">
                      <Link href={`/batches/${r.batch.id}`} className="font-mono text-xs text-slate-900 underline underline-offset-2">
                        {r.batch.id.slice(0, 8)}
                      </Link>
                      <StateBadge state={r.batch.state as BatchState} />
                    </div>
                  ) : (
                    <span className="text-slate-500">—</span>
                  )}
                </Td>
                <Td className="text-right text-xs whitespace-nowrap tabular-nums">
                  {r.batch ? (
                    <>
                      <div>{r.batch.willChange.toLocaleString("en")} to change{r.batch.invalid ? `, ${r.batch.invalid.toLocaleString("en")} invalid` : ""}</div>
                      {r.batch.succeeded || r.batch.failed ? (
                        <div className="text-slate-500">
                          {r.batch.succeeded.toLocaleString("en")} done{r.batch.failed ? `, ${r.batch.failed.toLocaleString("en")} failed` : ""}
                        </div>
                      ) : null}
                    </>
                  ) : (
                    "—"
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
