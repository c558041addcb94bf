"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, FileDown, Plus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { QueryError } from "@/components/errors/query-error";
import { safeErrorMessage } from "@/components/errors/safe-error-message";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { ExportsTable } from "./exports-table";
import { zipUrl } from "./format";
import { NewExportDialog } from "./new-export-dialog";
import type { ExportRow } from "./types";
import { FILE_RETENTION_DAYS } from "@/server/contracts/exports";

const PAGE_SIZE = 50;

/** The exports page: every export the user may see, its state while written, and downloads. */
export function ExportsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({
    ...trpc.exports.list.queryOptions({ pageSize: PAGE_SIZE }),
    // Poll only while something is being written.
    refetchInterval: (q) => (q.state.data?.exports.some((e) => e.status === "queued" || e.status === "running") ? 1_000 : false),
  });
  const meta = useQuery({ ...trpc.resources.meta.queryOptions(), staleTime: 5 * 60_000 });
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [deleting, setDeleting] = useState<ExportRow | null>(null);
  const remove = useMutation(
    trpc.exports.deleteFile.mutationOptions({
      onSuccess: () => {
        toast.success("File deleted");
        setDeleting(null);
        void queryClient.invalidateQueries({ queryKey: trpc.exports.list.queryKey() });
      },
    }),
  );

  const rows = list.data?.exports ?? [];
  const readyIds = new Set(rows.filter((r) => r.status === "ready" && r.fileId).map((r) => r.fileId!));
  const chosen = [...selected].filter((id) => readyIds.has(id));
  const resourceLabel = (name: string) => meta.data?.find((r) => r.name === name)?.label ?? name;

  const header = (
    <PageHeader
      title="Exports"
      description={`CSV, JSON and Excel files of records, built in the background and kept for ${FILE_RETENTION_DAYS} days.`}
      actions={
        <>
          {chosen.length > 0 ? (
            <Button asChild variant="secondary">
              <a href={zipUrl(chosen)} download>
                <Download aria-hidden />
                Download selected ({chosen.length}) as zip
              </a>
            </Button>
          ) : null}
          <Button onClick={() => setCreating(true)} disabled={!meta.data}>
            <Plus aria-hidden />
            New export
          </Button>
        </>
      }
    />
  );

  return (
    <div data-wide>
      {header}
      {list.isError && !list.data ? (
        <QueryError error={list.error} what="exports" onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <Card className="space-y-3 px-5 py-4" aria-busy>
          <Skeleton className="h-4 w-full" />
          <Skeleton className="h-4 w-5/6" />
          <Skeleton className="h-4 w-2/3" />
        </Card>
      ) : rows.length === 0 ? (
        <EmptyState
          icon={FileDown}
          title="No exports yet"
          description="Start one with “New export”, or export a selection from a resource table. Files appear here, ready to download once written."
        />
      ) : (
        <Card>
          <ExportsTable
            rows={rows}
            resourceLabel={resourceLabel}
            selected={selected}
            onToggle={(id) => {
              const next = new Set(selected);
              if (next.has(id)) next.delete(id);
              else next.add(id);
              setSelected(next);
            }}
            onToggleAll={(on) => setSelected(on ? new Set(readyIds) : new Set())}
            onDelete={setDeleting}
          />
          {list.data.total > rows.length ? (
            <p className="border-t border-slate-200 px-5 py-2.5 text-xs text-slate-500">
              Showing the newest {rows.length} of {list.data.total} exports.
            </p>
          ) : null}
        </Card>
      )}
      {meta.data && creating ? <NewExportDialog resources={meta.data} open={creating} onOpenChange={setCreating} /> : null}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title="Delete this file?"
        confirmLabel="Delete file"
        tone="danger"
        pending={remove.isPending}
        error={remove.isError ? safeErrorMessage(remove.error, "The file could not be deleted.") : null}
        onConfirm={() => deleting?.fileId && remove.mutate({ fileId: deleting.fileId })}
      >
        <p className="text-sm text-slate-600">
          <span className="font-mono text-xs">{deleting?.name}</span> will no longer be downloadable. The export stays in the batch history.
        </p>
      </ConfirmDialog>
    </div>
  );
}
