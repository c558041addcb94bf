"use client";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { QueryError } from "@/components/errors/query-error";
import { QueueTable } from "./queue-table";
import { RefreshStatus } from "./refresh-status";
import { ResourceCards, ResourceCardsSkeleton } from "./resource-cards";
import { useOverview } from "./use-overview";
import { WorkerList } from "./worker-list";

function SectionTitle({ id, children }: { id: string; children: string }) {
  return (
    <h2 id={id} className="mb-3 text-sm font-semibold text-slate-900">
      {children}
    </h2>
  );
}

function TableSkeleton() {
  return (
    <div className="space-y-3 px-5 py-4" aria-hidden>
      <Skeleton className="h-4 w-full" />
      <Skeleton className="h-4 w-5/6" />
      <Skeleton className="h-4 w-2/3" />
    </div>
  );
}

export function DashboardOverview() {
  const overview = useOverview();
  const { data } = overview;

  const header = (
    <PageHeader
      title="Dashboard"
      description="Records per resource, job queues and workers at a glance."
      actions={data ? <RefreshStatus updatedAt={overview.dataUpdatedAt} fetching={overview.isFetching} stale={overview.isRefetchError} /> : null}
    />
  );

  if (overview.isError && !data) {
    return (
      <>
        {header}
        <QueryError error={overview.error} what="the dashboard" onRetry={() => void overview.refetch()} />
      </>
    );
  }

  return (
    <div aria-busy={overview.isPending}>
      {header}
      <div className="space-y-8">
        <section aria-labelledby="resources-heading">
          <SectionTitle id="resources-heading">Resources</SectionTitle>
          {data ? <ResourceCards resources={data.resources} /> : <ResourceCardsSkeleton />}
        </section>

        <div className="grid gap-6 lg:grid-cols-2">
          <Card aria-labelledby="queues-heading">
            <CardHeader>
              <div>
                <CardTitle id="queues-heading">Job queues</CardTitle>
                <CardDescription>Jobs waiting, running and failed per queue.</CardDescription>
              </div>
            </CardHeader>
            {data ? <QueueTable queues={data.queues} /> : <TableSkeleton />}
          </Card>
          <Card aria-labelledby="workers-heading">
            <CardHeader>
              <div>
                <CardTitle id="workers-heading">Workers</CardTitle>
                <CardDescription>A worker silent for 30 s is presumed gone.</CardDescription>
              </div>
            </CardHeader>
            {data ? <WorkerList workers={data.workers} /> : <TableSkeleton />}
          </Card>
        </div>
      </div>
    </div>
  );
}
