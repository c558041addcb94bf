"use client";
import { useQuery } from "@tanstack/react-query";
import { Pause, Pencil, Play, Trash2, Zap } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { useNow } from "@/components/batches/use-now";
import { QueryError } from "@/components/errors/query-error";
import { safeErrorMessage } from "@/components/errors/safe-error-message";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { ScheduleStateBadge } from "./badges";
import { RunHistory } from "./run-history";
import { NextRun } from "./schedules-view";
import { TimingPreview } from "./timing-preview";
import type { ScheduleRow } from "./types";
import { runNowProblem, useScheduleActions } from "./use-schedule-actions";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

function notificationText(n: ScheduleRow["notification"]): string {
  const parts: string[] = [];
  if (n.on_completion?.email.length) parts.push(`on completion e-mail ${n.on_completion.email.join(", ")}`);
  if (n.on_completion?.webhook) parts.push(`on completion POST ${n.on_completion.webhook}`);
  if (n.on_failure?.email.length) parts.push(`on failure e-mail ${n.on_failure.email.join(", ")}`);
  if (n.on_failure?.severity) parts.push(`failure severity ${n.on_failure.severity}`);
  return parts.length ? parts.join("; ") : "none";
}

/** One schedule: what it runs and when, its next five runs, its actions, and its run history. */
export function ScheduleView({ scheduleId }: { scheduleId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const me = useQuery(trpc.me.get.queryOptions());
  const schedule = useQuery({ ...trpc.schedules.get.queryOptions({ scheduleId }), refetchInterval: 10_000 });
  const s = schedule.data;
  const next = useQuery({ ...trpc.schedules.previewTiming.queryOptions({ timing: s?.timing ?? { frequency: "daily" }, count: 5 }), enabled: s !== undefined, refetchInterval: 60_000 });
  const now = useNow(true, 15_000);
  const [deleting, setDeleting] = useState(false);
  const [runNowError, setRunNowError] = useState<unknown>(null);
  const { pause, resume, runNow, remove } = useScheduleActions({ onDeleted: () => router.push("/schedules"), onRunNowError: setRunNowError });
  const mayAct = me.data ? me.data.role !== "viewer" : false;

  if (schedule.error && !s) return <QueryError error={schedule.error} what="the schedule" onRetry={() => void schedule.refetch()} />;
  if (!s)
    return (
      <Card className="space-y-3 px-5 py-4" aria-busy>
        <Skeleton className="h-4 w-full" />
        <Skeleton className="h-4 w-5/6" />
      </Card>
    );
  const problem = runNowError ? runNowProblem(runNowError) : null;

  return (
    <div data-wide className="space-y-6">
      <PageHeader
        title={s.name}
        description={s.description || undefined}
        actions={
          mayAct ? (
            <>
              <Button asChild variant="secondary" size="sm">
                <Link href={`/schedules/${s.id}/edit`}>
                  <Pencil aria-hidden />
                  Edit
                </Link>
              </Button>
              {s.state === "active" ? (
                <Button variant="secondary" size="sm" disabled={pause.isPending} onClick={() => pause.mutate({ scheduleId: s.id })}>
                  <Pause aria-hidden />
                  Pause
                </Button>
              ) : (
                <Button variant="secondary" size="sm" disabled={resume.isPending} onClick={() => resume.mutate({ scheduleId: s.id })}>
                  <Play aria-hidden />
                  Resume
                </Button>
              )}
              <Button
                size="sm"
                disabled={runNow.isPending || s.state === "stopped"}
                onClick={() => {
                  setRunNowError(null);
                  runNow.mutate({ scheduleId: s.id });
                }}
              >
                <Zap aria-hidden />
                Run now
              </Button>
              <Button variant="secondary" size="sm" onClick={() => setDeleting(true)} aria-label="Delete schedule">
                <Trash2 aria-hidden />
              </Button>
            </>
          ) : null
        }
      />
      {problem ? (
        <Alert tone="danger" title={problem.title}>
          {problem.message}{" "}
          <button type="button" className="font-medium underline underline-offset-2" onClick={() => setRunNowError(null)}>
            Dismiss
          </button>
        </Alert>
      ) : null}
      {s.stoppedReason ? (
        <Alert tone="warning" title="Stopped">
          {s.stoppedReason} Resume it once its owner may run it again.
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,20rem)]">
        <Card>
          <CardHeader>
            <CardTitle>Details</CardTitle>
            <ScheduleStateBadge state={s.state} />
          </CardHeader>
          <CardContent>
            <dl className="grid gap-4 sm:grid-cols-2">
              <Fact label="Template">
                <Link href={`/templates/${s.templateId}`} className="underline underline-offset-2">
                  {s.templateName}
                </Link>{" "}
                v{s.templateVersion}
                {s.templateVersion < s.templateCurrentVersion ? <span className="text-xs text-slate-500"> (newest is v{s.templateCurrentVersion}; edit to move)</span> : null}
              </Fact>
              <Fact label="Timing">{s.inWords}</Fact>
              <Fact label="Next run">
                <NextRun schedule={s} now={now} />
              </Fact>
              <Fact label="Owner">{s.ownerEmail}</Fact>
              <Fact label="Parameters">
                {Object.keys(s.params).length ? (
                  <span className="font-mono text-xs">
                    {Object.entries(s.params)
                      .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
                      .join(", ")}
                  </span>
                ) : (
                  "defaults"
                )}
              </Fact>
              {s.ids.length ? <Fact label="Rows">{s.ids.join(", ")}</Fact> : null}
              <Fact label="Guard">
                at most {s.guard.maxRows.toLocaleString("en")} row{s.guard.maxRows === 1 ? "" : "s"} changed; {s.guard.allowInvalid ? "invalid rows allowed" : "no invalid rows"}; {s.guard.allowConflicts ? "rows in unfinished batches allowed" : "no rows in unfinished batches"}
              </Fact>
              <Fact label="Notifications">{notificationText(s.notification)}</Fact>
            </dl>
          </CardContent>
        </Card>
        <div>
          <TimingPreview data={next.data} pending={next.isFetching && !next.data} problem={next.error ? safeErrorMessage(next.error, "The next runs cannot be shown.") : null} />
          {s.state !== "active" ? <p className="mt-2 text-xs text-slate-500">While {s.state}, these do not run.</p> : null}
        </div>
      </div>
      <RunHistory scheduleId={s.id} timezone={s.timezone} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title="Delete this schedule?"
        confirmLabel="Delete schedule"
        tone="danger"
        pending={remove.isPending}
        error={remove.isError ? <p className="text-sm text-red-700">{safeErrorMessage(remove.error, "The schedule could not be deleted.")}</p> : null}
        onConfirm={() => remove.mutate({ scheduleId: s.id })}
      >
        <p>“{s.name}” will not run again. The batches its runs made keep their history.</p>
      </ConfirmDialog>
    </div>
  );
}
