"use client";
import { useQuery } from "@tanstack/react-query";
import { CalendarClock, Pause, Play, Plus, Trash2, Zap } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useNow } from "@/components/batches/use-now";
import { QueryError } from "@/components/errors/query-error";
import { safeErrorMessage } from "@/components/errors/safe-error-message";
import { formatInZone, formatRelative } from "@/components/format/time";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, Td, Th } from "@/components/ui/table";
import { RunStateBadge, ScheduleStateBadge } from "./badges";
import type { ScheduleRow } from "./types";
import { useScheduleActions } from "./use-schedule-actions";

/** When a schedule runs next: relative, and on its zone's clock; why it does not, when it does not. */
export function NextRun({ schedule, now }: { schedule: Pick<ScheduleRow, "nextRunAt" | "timezone" | "state">; now: number }) {
  if (!schedule.nextRunAt) return <span className="text-slate-500">{schedule.state === "active" ? "—" : `none while ${schedule.state}`}</span>;
  const at = new Date(schedule.nextRunAt);
  return (
    <span suppressHydrationWarning>
      <span className="font-medium text-slate-900">{formatRelative(at, now)}</span>
      <span className="block text-xs text-slate-500">{formatInZone(at, schedule.timezone)}</span>
    </span>
  );
}

/** The Schedules page: the user's schedules (an admin's: everyone's), refreshed every 10 s, with their actions. */
export function SchedulesView() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const list = useQuery({ ...trpc.schedules.list.queryOptions(), refetchInterval: 10_000 });
  const now = useNow(true, 15_000);
  const [deleting, setDeleting] = useState<ScheduleRow | null>(null);
  const { pause, resume, runNow, remove } = useScheduleActions({ onDeleted: () => setDeleting(null) });
  const mayAct = me.data ? me.data.role !== "viewer" : false;
  const isAdmin = me.data?.role === "admin";
  const rows = list.data ?? [];

  return (
    <div data-wide>
      <PageHeader
        title="Schedules"
        description="Templates run on a timetable in a time zone. Each run is a dry run first, committed on its own only within its guard."
        actions={
          mayAct ? (
            <Button asChild>
              <Link href="/schedules/new">
                <Plus aria-hidden />
                New schedule
              </Link>
            </Button>
          ) : null
        }
      />
      {list.isError && !list.data ? (
        <QueryError error={list.error} what="schedules" onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <Card className="space-y-3 px-5 py-4" aria-busy>
          <Skeleton className="h-4 w-full" />
          <Skeleton className="h-4 w-5/6" />
        </Card>
      ) : rows.length === 0 ? (
        <EmptyState
          icon={CalendarClock}
          title="No schedules yet"
          description={mayAct ? "Schedule a template with “New schedule”, or from the Templates page." : "Schedules run row operations, which your role does not."}
        />
      ) : (
        <Card>
          <Table aria-label="Schedules">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Template</Th>
                <Th>Timing</Th>
                <Th>Next run</Th>
                <Th>Last run</Th>
                <Th>State</Th>
                {isAdmin ? <Th>Owner</Th> : null}
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id} data-testid={`schedule-row-${s.name}`}>
                  <Td>
                    <Link href={`/schedules/${s.id}`} className="font-medium text-slate-900 underline-offset-2 hover:underline">
                      {s.name}
                    </Link>
                    {s.description ? <div className="max-w-64 truncate text-xs text-slate-500">{s.description}</div> : null}
                  </Td>
                  <Td>
                    <Link href={`/templates/${s.templateId}`} className="underline-offset-2 hover:underline">
                      {s.templateName}
                    </Link>
                    <div className="text-xs text-slate-500">
                      v{s.templateVersion}
                      {s.templateVersion < s.templateCurrentVersion ? ` (newest v${s.templateCurrentVersion})` : ""}
                    </div>
                  </Td>
                  <Td className="min-w-36 max-w-72">
                    <div>{s.inWords.replace(` (${s.timezone})`, "")}</div>
                    <div className="text-xs text-slate-500">{s.timezone}</div>
                  </Td>
                  <Td className="min-w-36">
                    <NextRun schedule={s} now={now} />
                  </Td>
                  <Td className="whitespace-nowrap">
                    {s.lastRun ? (
                      <>
                        <RunStateBadge state={s.lastRun.state} />
                        <div className="text-xs text-slate-500" suppressHydrationWarning>
                          {formatRelative(new Date(s.lastRun.dueAt), now)}
                        </div>
                      </>
                    ) : (
                      <span className="text-slate-500">never</span>
                    )}
                  </Td>
                  <Td>
                    <ScheduleStateBadge state={s.state} />
                    {s.stoppedReason ? <div className="mt-1 max-w-56 text-xs text-red-700">{s.stoppedReason}</div> : null}
                  </Td>
                  {isAdmin ? <Td className="text-xs">{s.ownerEmail}</Td> : null}
                  <Td className="text-right whitespace-nowrap">
                    {mayAct ? (
                      <div className="flex justify-end gap-1">
                        {s.state === "active" ? (
                          <Button size="sm" variant="secondary" disabled={pause.isPending} onClick={() => pause.mutate({ scheduleId: s.id })} aria-label={`Pause ${s.name}`} title="Pause" className="px-2">
                            <Pause aria-hidden />
                          </Button>
                        ) : (
                          <Button size="sm" variant="secondary" disabled={resume.isPending} onClick={() => resume.mutate({ scheduleId: s.id })} aria-label={`Resume ${s.name}`} title="Resume" className="px-2">
                            <Play aria-hidden />
                          </Button>
                        )}
                        <Button size="sm" variant="secondary" disabled={runNow.isPending || s.state === "stopped"} onClick={() => runNow.mutate({ scheduleId: s.id })} aria-label={`Run ${s.name} now`} title="Run now" className="px-2">
                          <Zap aria-hidden />
                        </Button>
                        <Button size="sm" variant="secondary" onClick={() => setDeleting(s)} aria-label={`Delete ${s.name}`} title="Delete" className="px-2">
                          <Trash2 aria-hidden />
                        </Button>
                      </div>
                    ) : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title="Delete this schedule?"
        confirmLabel="Delete schedule"
        tone="danger"
        pending={remove.isPending}
        error={remove.isError ? <p className="text-sm text-red-700">{safeErrorMessage(remove.error, "The schedule could not be deleted.")}</p> : null}
        onConfirm={() => deleting && remove.mutate({ scheduleId: deleting.id })}
      >
        <p>“{deleting?.name}” will not run again. The batches its runs made keep their history.</p>
      </ConfirmDialog>
    </div>
  );
}
