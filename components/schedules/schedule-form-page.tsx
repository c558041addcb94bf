"use client";
import { useQuery } from "@tanstack/react-query";
import { QueryError } from "@/components/errors/query-error";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { ScheduleForm } from "./schedule-form";

/** The page around the schedule form: loads the templates to choose from (and, to edit, the schedule). */
export function ScheduleFormPage({ scheduleId, templateId }: { scheduleId?: string; templateId?: string }) {
  const trpc = useTRPC();
  const templates = useQuery(trpc.templates.list.queryOptions());
  const schedule = useQuery({ ...trpc.schedules.get.queryOptions({ scheduleId: scheduleId ?? "" }), enabled: scheduleId !== undefined });
  const failed = templates.error ?? schedule.error;
  const ready = templates.data && (!scheduleId || schedule.data);
  return (
    <div data-wide>
      <PageHeader
        title={scheduleId ? `Edit “${schedule.data?.name ?? "schedule"}”` : "New schedule"}
        description="A template run on a timetable in a time zone, each run a dry run committed only within its guard."
      />
      {failed ? (
        <QueryError error={failed} what={scheduleId ? "the schedule" : "your templates"} onRetry={() => void (templates.error ? templates.refetch() : schedule.refetch())} />
      ) : !ready ? (
        <Card className="space-y-3 px-5 py-4" aria-busy>
          <Skeleton className="h-4 w-full" />
          <Skeleton className="h-4 w-5/6" />
        </Card>
      ) : (
        <ScheduleForm schedule={schedule.data ?? null} templates={templates.data} presetTemplateId={templateId} />
      )}
    </div>
  );
}
