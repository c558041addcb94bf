"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useEffect } from "react";
import { errorCode } from "@/components/errors/safe-error-message";
import { PageNotFound } from "@/components/errors/page-not-found";
import { QueryError } from "@/components/errors/query-error";
import { formatCount } from "@/components/format/count";
import { formatDateTime } from "@/components/format/time";
import { useTRPC } from "@/components/providers/trpc";
import { ApprovalOutcome } from "@/components/approvals/approval-outcome";
import { ApprovalRequestCard } from "@/components/approvals/approval-request-card";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { BatchExportFile } from "@/components/exports/batch-export-file";
import { ExportFileCard } from "@/components/exports/export-file-card";
import { FetchFilesPanel } from "@/components/media/fetch-files-panel";
import { BatchControls } from "./batch-controls";
import { SaveAsTemplate } from "@/components/templates/save-as-template";
import { ResultFiles } from "./result-files";
import { describeOperation, describeTarget } from "./describe";
import { ItemsTable } from "./items-table";
import { OPERATION_LABEL } from "./operations";
import { PreviewPanel } from "./preview-panel";
import { useBatchProgress } from "./progress-context";
import { ProgressPanel } from "./progress-panel";
import { StateBadge } from "./state-badge";
import { BatchTimeline } from "./timeline";
import { isFinal, type BatchSummary } from "./types";

function Facts({ batch, noun }: { batch: BatchSummary; noun: string }) {
  const o = batch.options;
  const op = batch.operation;
  const reason = op.type === "statusChange" || op.type === "softDelete" || op.type === "archive" ? op.reason : null;
  return (
    <dl className="grid gap-x-8 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
      <div>
        <dt className="text-xs text-slate-500">On</dt>
        <dd className="text-slate-900" data-testid="batch-target">
          {describeTarget(batch.target, batch.preview.total, noun)}
        </dd>
      </div>
      <div>
        <dt className="text-xs text-slate-500">By</dt>
        <dd className="text-slate-900">
          {batch.createdBy.name || batch.createdBy.email} · <time dateTime={new Date(batch.createdAt).toISOString()}>{formatDateTime(new Date(batch.createdAt))}</time>
        </dd>
      </div>
      {!batch.capabilities.chunked ? null : (
        <div>
          <dt className="text-xs text-slate-500">Options</dt>
          <dd className="text-slate-900">
            {o.validation}, on error {o.onError}, chunks of {formatCount(o.chunkSize)} × {o.maxParallel}
          </dd>
        </div>
      )}
      {reason ? (
        <div>
          <dt className="text-xs text-slate-500">Reason</dt>
          <dd className="text-slate-900">{reason}</dd>
        </div>
      ) : batch.parentId ? (
        <div>
          <dt className="text-xs text-slate-500">{batch.origin === "revert" ? "Reverts" : "Retries"}</dt>
          <dd>
            <Link href={`/batches/${batch.parentId}`} className="font-medium text-slate-900 underline underline-offset-2">
              the earlier batch
            </Link>
          </dd>
        </div>
      ) : null}
      <BatchTimeline batchId={batch.id} state={batch.state} />
    </dl>
  );
}

/** One batch: its preview while previewed, then live progress and results. */
export function BatchView({ batchId }: { batchId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A batch waiting for approval moves when someone else decides: look again every 10 s meanwhile.
  const status = useQuery({ ...trpc.batch.status.queryOptions({ batchId }), refetchInterval: (q) => (q.state.data?.state === "awaiting_approval" ? 10_000 : false) });
  const meta = useQuery({ ...trpc.resources.meta.queryOptions(), staleTime: 5 * 60_000 });
  const me = useQuery(trpc.me.get.queryOptions());
  const batch = status.data;
  const approvable = Boolean(batch && batch.kind === "rows" && batch.state !== "planning");
  const approval = useQuery({
    ...trpc.approvals.get.queryOptions({ batchId }),
    enabled: approvable,
    refetchInterval: batch?.state === "awaiting_approval" ? 10_000 : false,
  });
  // The batch moved on (approved, rejected, committed): its approval changed with it.
  const { refetch: refetchApproval } = approval;
  const batchState = batch?.state;
  useEffect(() => {
    if (approvable) void refetchApproval();
  }, [batchState, approvable, refetchApproval]);
  // Previewed and awaiting approval both show the dry run; nothing runs until it is committed.
  const live = Boolean(batch && !["previewed", "awaiting_approval", "planning", "discarded"].includes(batch.state));
  // Finished batches are watched too: one final event, and the samples gathered while running stay.
  const stream = useBatchProgress(batchId, live);
  // The newer of the stream's last event and the summary (a chunk in flight when a batch is
  // cancelled still lands after the stream's final event).
  const progress =
    stream.progress && batch && stream.progress.progressSeq >= batch.progress.progressSeq ? stream.progress : (batch?.progress ?? stream.progress ?? undefined);

  // The stream says the state moved on (finished, paused elsewhere): refresh the summary and lists.
  const streamState = stream.progress?.state;
  useEffect(() => {
    if (!streamState || !batch || streamState === batch.state) return;
    void queryClient.invalidateQueries({ queryKey: trpc.batch.status.queryKey({ batchId }) });
    if (isFinal(streamState)) {
      void queryClient.invalidateQueries({ queryKey: trpc.batch.list.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.resources.query.queryKey() });
    }
  }, [streamState, batch, batchId, queryClient, trpc]);

  // After a cancel or failure the stream closes at once, while the chunk in flight may still commit:
  // read the summary once more when that chunk has had time to land (a single read, not a poll).
  const settled = streamState === "cancelled" || streamState === "failed";
  const { refetch } = status;
  useEffect(() => {
    if (!settled) return;
    const t = setTimeout(() => void refetch(), 2_500);
    return () => clearTimeout(t);
  }, [settled, refetch]);

  if (status.isError && !batch) {
    if (errorCode(status.error) === "NOT_FOUND" || errorCode(status.error) === "BAD_REQUEST") return <PageNotFound />;
    return <QueryError error={status.error} what="this batch" onRetry={() => void status.refetch()} />;
  }
  if (!batch || !progress) {
    return (
      <div role="status" aria-label="Loading">
        <Skeleton className="h-7 w-72" />
        <Skeleton className="mt-2 h-4 w-96 max-w-full" />
        <div className="mt-6 grid grid-cols-4 gap-3">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-20" />
          ))}
        </div>
        <Skeleton className="mt-6 h-64 w-full" />
      </div>
    );
  }

  const resource = meta.data?.find((r) => r.name === batch.resource);
  const fieldLabel = (f: string) => resource?.fields.find((x) => x.name === f)?.label ?? f;
  const noun = batch.preview.total === 1 ? (resource?.singular ?? "row") : (resource?.label.toLowerCase() ?? "rows");
  const canAct = me.data ? me.data.role !== "viewer" : false;
  const opLabel = OPERATION_LABEL[batch.operation.type];
  const state = progress.state;
  const isFetch = batch.kind === "fetch";
  const isExport = batch.kind === "export";

  return (
    <div data-wide className="space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-sm text-slate-500">
            <Link href={`/resources/${batch.resource}`} className="hover:text-slate-900 hover:underline">
              {resource?.label ?? batch.resource}
            </Link>{" "}
            · {batch.origin === "retry" ? "Retry of failed rows" : batch.origin === "revert" ? "Revert" : "Batch"}
          </p>
          <h1 className="mt-0.5 flex flex-wrap items-center gap-2.5 text-xl font-semibold tracking-tight text-slate-900">
            {opLabel}
            <StateBadge state={state} />
          </h1>
          <p className="mt-1 text-sm text-slate-600">{describeOperation(batch.operation, fieldLabel)}</p>
          {batch.template ? (
            <p className="mt-1 text-sm text-slate-600" data-testid="template-origin">
              Run of template{" "}
              {batch.template.deleted ? (
                <span className="font-medium text-slate-900">
                  {batch.template.name} v{batch.template.version} (deleted)
                </span>
              ) : (
                <Link href={`/templates/${batch.template.id}`} className="font-medium text-slate-900 hover:underline">
                  {batch.template.name} v{batch.template.version}
                </Link>
              )}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {canAct && live ? <BatchControls batch={batch} progress={progress} /> : null}
          {isExport ? <BatchExportFile batchId={batch.id} /> : null}
          {canAct && batch.kind === "rows" && (batch.target.kind === "filter" || batch.target.kind === "ids") && batch.operation.type !== "updatePerRow" ? (
            <SaveAsTemplate batchId={batch.id} />
          ) : null}
          {batch.capabilities.chunked && live ? (
            <ResultFiles batchId={batch.id} />
          ) : null}
          <Button asChild variant="ghost" size="sm">
            <Link href="/batches">
              <ArrowLeft aria-hidden />
              All batches
            </Link>
          </Button>
        </div>
      </header>

      <Card className="px-5 py-4">
        <Facts batch={batch} noun={noun} />
      </Card>

      {state === "planning" ? (
        <Alert tone="info" title="Preparing the preview">
          <span className="inline-flex items-center gap-2">
            <Spinner /> Working out each row&apos;s before and after…
          </span>
        </Alert>
      ) : null}

      <ApprovalOutcome view={approval.data} state={state} lastError={progress.lastError} />

      {batch.rowsPurgedAt ? (
        <Alert tone="info" title="Its per-row data was removed">
          On {new Date(batch.rowsPurgedAt).toLocaleDateString()} this finished batch&apos;s rows (preview, results, files) were removed by the retention policy or an admin&apos;s cleanup. Its counts, events and audit stay; retry and revert are no longer possible.
        </Alert>
      ) : null}

      {state === "awaiting_approval" && approval.data ? <ApprovalRequestCard view={approval.data} meId={me.data?.id} canAct={canAct} /> : null}

      {state === "previewed" || state === "awaiting_approval" ? <PreviewPanel batch={batch} meta={resource} canAct={canAct} approval={approval.data} /> : null}

      {state === "discarded" && !["rejected", "withdrawn"].includes(approval.data?.request?.state ?? "") ? (
        <Alert tone="info" title="This preview was discarded">
          Nothing was changed. Start again from the {resource?.label.toLowerCase() ?? "resource"} table if you still need the change.
        </Alert>
      ) : null}

      {live ? <ProgressPanel progress={progress} kind={batch.kind} samples={stream.samples} connection={isFinal(state) && !stream.progress ? "ended" : stream.connection} /> : null}

      {isFetch ? <FetchFilesPanel batchId={batch.id} progress={progress} canAct={canAct} /> : null}

      {isExport ? <ExportFileCard batchId={batch.id} /> : null}

      {state !== "planning" && batch.capabilities.chunked ? (
        <ItemsTable
          batch={batch}
          meta={resource}
          mode={live ? "results" : "preview"}
          counts={progress.counts}
          refreshKey={live ? progress.chunksDone * 10 + (isFinal(state) ? 1 : 0) : undefined}
          finished={isFinal(state)}
        />
      ) : null}
    </div>
  );
}
