"use client";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { Download, FileArchive, RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Pagination } from "@/components/data-table/pagination";
import { safeErrorMessage } from "@/components/errors/safe-error-message";
import { QueryError } from "@/components/errors/query-error";
import { fileUrl, formatBytes } from "@/components/exports/format";
import { formatCount } from "@/components/format/count";
import { useTRPC } from "@/components/providers/trpc";
import { isFinal, type BatchProgress } from "@/components/batches/types";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Table, Td, Th } from "@/components/ui/table";

const PAGE_SIZE = 50;
const STATE: Record<string, { tone: BadgeTone; label: string }> = {
  pending: { tone: "neutral", label: "Waiting" },
  downloading: { tone: "info", label: "Downloading" },
  downloaded: { tone: "success", label: "Downloaded" },
  skipped: { tone: "neutral", label: "Already there" },
  failed: { tone: "danger", label: "Failed" },
  cancelled: { tone: "neutral", label: "Cancelled" },
};

/** Which files a fetch batch got, each with its bytes, speed and a download link; all as one zip. */
export function FetchFilesPanel({ batchId, progress, canAct }: { batchId: string; progress: BatchProgress; canAct: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [page, setPage] = useState(1);
  const finished = isFinal(progress.state);
  // The worker writes per-file progress at most once a second; reading faster shows nothing new.
  const items = useQuery({
    ...trpc.media.fetchItems.queryOptions({ batchId, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    refetchInterval: finished ? false : 1_000,
  });
  const { refetch } = items;
  useEffect(() => {
    if (finished) void refetch();
  }, [finished, refetch]);
  const refetchFailed = useMutation(
    trpc.media.refetchFailed.mutationOptions({
      onSuccess: (next) => {
        toast.success("Fetching the failed files again", { description: `${formatCount(next.preview.total)} files in a new batch.` });
        router.push(`/batches/${next.id}`);
      },
      onError: (err) => toast.error("The fetch could not start", { description: safeErrorMessage(err, "Try again in a moment.") }),
    }),
  );

  if (items.isError && !items.data) return <QueryError error={items.error} what="the files" onRetry={() => void refetch()} />;
  const data = items.data;
  const got = progress.counts.succeeded + progress.counts.unchanged;

  return (
    <Card>
      <CardHeader className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <CardTitle>Files</CardTitle>
          <p className="mt-0.5 text-sm text-slate-500" data-testid="fetch-summary">
            {formatCount(progress.counts.succeeded)} downloaded · {formatCount(progress.counts.unchanged)} already there · {formatCount(progress.counts.failed)} failed
            {" "}of {formatCount(progress.total)}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {canAct && finished && progress.counts.failed > 0 ? (
            <Button variant="secondary" size="sm" disabled={refetchFailed.isPending} onClick={() => refetchFailed.mutate({ batchId })}>
              <RotateCcw aria-hidden />
              Fetch failed files again
            </Button>
          ) : null}
          {got > 0 ? (
            <Button asChild size="sm" variant={finished ? "primary" : "secondary"}>
              <a href={`/api/batches/${batchId}/files`} download>
                <FileArchive aria-hidden />
                Download all (.zip)
              </a>
            </Button>
          ) : null}
        </div>
      </CardHeader>
      <Table aria-label="Fetched files" aria-busy={items.isFetching}>
        <thead>
          <tr>
            <Th className="w-12">#</Th>
            <Th>File</Th>
            <Th className="w-36">State</Th>
            <Th className="w-64">Progress</Th>
            <Th className="w-24 text-right">Speed</Th>
            <Th className="w-28 text-right">Download</Th>
          </tr>
        </thead>
        <tbody>
          {(data?.items ?? []).map((item) => {
            const look = STATE[item.state] ?? { tone: "neutral" as const, label: item.state };
            const total = item.totalBytes;
            const pct = item.state === "downloaded" || item.state === "skipped" ? 100 : total ? (item.bytes / total) * 100 : 0;
            return (
              <tr key={item.seq} data-testid="fetch-item" data-state={item.state}>
                <Td className="tabular-nums text-slate-500">{item.seq}</Td>
                <Td className="max-w-md">
                  <div className="truncate font-medium text-slate-900">{item.name ?? `Media file ${item.mediaFileId}`}</div>
                  <div className="truncate text-xs text-slate-500" title={item.sourceUrl}>
                    {item.sourceUrl}
                  </div>
                  {item.error ? <div className="mt-0.5 text-xs text-red-700">{item.error.message}</div> : null}
                </Td>
                <Td>
                  <Badge tone={look.tone}>{look.label}</Badge>
                </Td>
                <Td>
                  {item.state === "pending" || item.state === "cancelled" ? (
                    <span className="text-slate-400">—</span>
                  ) : (
                    <div className="space-y-1">
                      <ProgressBar value={pct} size="sm" label={`${item.name ?? "file"} progress`} tone={item.state === "failed" ? "danger" : item.state === "downloading" ? "neutral" : "success"} />
                      <div className="text-xs tabular-nums text-slate-500">
                        {item.state === "skipped" ? "not downloaded again" : `${formatBytes(item.bytes)}${total !== null ? ` of ${formatBytes(total)}` : ""}`}
                      </div>
                    </div>
                  )}
                </Td>
                <Td className="text-right tabular-nums text-slate-500">{item.bytesPerSecond ? `${formatBytes(item.bytesPerSecond)}/s` : "—"}</Td>
                <Td className="text-right">
                  {item.storedFileId && (item.state === "downloaded" || item.state === "skipped") ? (
                    <a href={fileUrl(item.storedFileId)} download aria-label={`Download ${item.name ?? "file"}`} className="inline-flex items-center gap-1 font-medium text-slate-900 underline-offset-2 hover:underline">
                      <Download aria-hidden className="size-3.5" />
                      File
                    </a>
                  ) : null}
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      <Pagination page={page} pageSize={PAGE_SIZE} total={data?.total} sizes={[PAGE_SIZE]} onPage={setPage} what="files" />
    </Card>
  );
}
