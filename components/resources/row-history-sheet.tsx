"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { ArrowRight, History, Undo2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { describeOperation } from "@/components/batches/describe";
import { OUTCOME_LOOK } from "@/components/batches/items-columns";
import { OPERATION_LABEL } from "@/components/batches/operations";
import { StateBadge } from "@/components/batches/state-badge";
import { MutationError } from "@/components/errors/mutation-error";
import { QueryError } from "@/components/errors/query-error";
import { formatDateTime } from "@/components/format/time";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import type { AppRouter } from "@/server/trpc/router";
import { CellValue } from "./cell-value";
import type { ResourceMeta } from "./types";

type Entry = inferRouterOutputs<AppRouter>["resources"]["history"]["entries"][number];

const ACTION_LABEL: Record<string, string> = { update: "updated", create: "created", delete: "deleted" };

/** How the batch was started, in words: through an API token, a schedule, a batch job, or signed in. */
function viaLabel(via: string | null): string | null {
  if (!via) return null;
  const kind = via.split(":")[0];
  return kind === "token" ? "via API token" : kind === "schedule" ? "via schedule" : kind === "batch-job" ? "via batch job" : `via ${kind}`;
}

function HistoryEntry({ entry, meta, onRevert, reverting }: { entry: Entry; meta: ResourceMeta; onRevert: () => void; reverting: boolean }) {
  const field = (name: string) => meta.fields.find((f) => f.name === name);
  const label = (name: string) => field(name)?.label ?? name;
  const result = OUTCOME_LOOK[entry.result] ?? { tone: "neutral" as const, label: entry.result };
  const title = entry.operation ? describeOperation(entry.operation, label) : (OPERATION_LABEL[entry.operationType as keyof typeof OPERATION_LABEL] ?? entry.operationType);
  return (
    <li className="relative border-l-2 border-slate-200 pb-5 pl-4 last:pb-0" data-testid="history-entry">
      <span aria-hidden className="absolute top-1.5 -left-[5px] size-2 rounded-full bg-slate-400" />
      <div className="flex flex-wrap items-center gap-2">
        <p className="text-sm font-medium text-slate-900">{title}</p>
        <Badge tone={result.tone}>{result.label}</Badge>
        <StateBadge state={entry.state} />
      </div>
      <p className="mt-0.5 text-xs text-slate-500">
        <time dateTime={new Date(entry.appliedAt).toISOString()}>{formatDateTime(new Date(entry.appliedAt))}</time>
        {" · "}
        {entry.access === "full" ? (
          <>
            {entry.createdBy?.name ?? "someone"}
            {viaLabel(entry.via) ? ` ${viaLabel(entry.via)}` : ""} {ACTION_LABEL[entry.action] ?? entry.action} it
          </>
        ) : (
          <>another user&apos;s batch (details hidden)</>
        )}
      </p>
      {entry.changes.length ? (
        <dl className="mt-2 space-y-1 rounded-md border border-slate-200 bg-slate-50/60 p-2 text-sm">
          {entry.changes.map((c) => (
            <div key={c.field} className="grid grid-cols-[8rem_1fr] items-baseline gap-2">
              <dt className="truncate text-xs text-slate-500">{label(c.field)}</dt>
              <dd className="flex min-w-0 flex-wrap items-center gap-1.5">
                {entry.access === "full" ? (
                  <>
                    <span className="break-all text-slate-500 line-through decoration-slate-300">
                      <CellValue field={field(c.field)} value={c.before} />
                    </span>
                    <ArrowRight aria-label="to" className="size-3 shrink-0 text-slate-400" />
                    <span className="break-all text-slate-900">
                      <CellValue field={field(c.field)} value={c.after} />
                    </span>
                  </>
                ) : (
                  <span className="text-xs text-slate-400">changed</span>
                )}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {entry.error && entry.result !== "succeeded" ? (
        <p className="mt-1 text-xs text-red-700">
          <code className="mr-1 rounded bg-red-50 px-1 font-mono text-[11px]">{entry.error.code}</code>
          {entry.error.message}
        </p>
      ) : null}
      <div className="mt-2 flex flex-wrap gap-2">
        {entry.batchId ? (
          <Link href={`/batches/${entry.batchId}`} className="text-xs font-medium text-blue-700 hover:underline">
            Open batch
          </Link>
        ) : null}
        {entry.revertible ? (
          <Button variant="secondary" size="sm" onClick={onRevert} disabled={reverting}>
            <Undo2 aria-hidden />
            Revert this row
          </Button>
        ) : null}
      </div>
    </li>
  );
}

/**
 * A record's timeline in a side panel: each batch that touched the row, newest first, with its
 * before → after per field and a way back ("Revert this row" prepares a one-row batch and opens its preview).
 */
export function RowHistorySheet({ meta, rowId, rowTitle, onClose }: { meta: ResourceMeta; rowId: number; rowTitle: string | null; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const history = useQuery(trpc.resources.history.queryOptions({ resource: meta.name, id: rowId }));
  const revert = useMutation(
    trpc.batch.revertRow.mutationOptions({
      onSuccess: (next) => {
        toast.success("Preview ready", { description: next.preview.willChange ? "Check the row's before → after and commit." : "Nothing would change: see why on the preview." });
        router.push(`/batches/${next.id}`);
      },
    }),
  );
  const entries = history.data?.entries ?? [];
  return (
    <DialogRoot open onOpenChange={(open) => !open && onClose()}>
      <DialogContent side title={`History of ${meta.singular.toLowerCase()} #${rowId}`} description={rowTitle ?? undefined}>
        {revert.isError ? (
          <div className="mb-3">
            <MutationError error={revert.error} title="Could not prepare the revert" />
          </div>
        ) : null}
        {history.isPending ? (
          <div className="space-y-3">
            <Skeleton className="h-16" />
            <Skeleton className="h-16" />
          </div>
        ) : history.isError ? (
          <QueryError error={history.error} what="this row's history" onRetry={() => void history.refetch()} />
        ) : entries.length === 0 ? (
          <EmptyState icon={History} title="No batch has touched this row yet" description="Batches that change it appear here, newest first." />
        ) : (
          <ol aria-label="Row history" className="ml-1">
            {entries.map((e, i) => (
              <HistoryEntry
                key={`${e.batchId ?? "hidden"}-${i}`}
                entry={e}
                meta={meta}
                reverting={revert.isPending}
                onRevert={() => e.batchId && revert.mutate({ batchId: e.batchId, rowId })}
              />
            ))}
          </ol>
        )}
        {history.data?.more ? <p className="mt-3 text-xs text-slate-500">Older entries are not shown; the API returns up to 200 with ?limit=.</p> : null}
      </DialogContent>
    </DialogRoot>
  );
}
