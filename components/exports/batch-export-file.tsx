"use client";
import { useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { fileUrl, formatBytes } from "./format";

/**
 * The download button for an export batch's file, for the batch page: shown once the file is ready,
 * polled while the export runs.
 */
export function BatchExportFile({ batchId }: { batchId: string }) {
  const trpc = useTRPC();
  const exp = useQuery({
    ...trpc.exports.ofBatch.queryOptions({ batchId }),
    refetchInterval: (q) => (q.state.data && (q.state.data.status === "queued" || q.state.data.status === "running") ? 2_000 : false),
  });
  const row = exp.data;
  if (!row?.fileId || row.status !== "ready") return null;
  return (
    <Button asChild size="sm">
      <a href={fileUrl(row.fileId)} download={row.name}>
        <Download aria-hidden />
        Download {row.format.toUpperCase()}
        {row.size !== null ? <span className="font-normal opacity-75">({formatBytes(row.size)})</span> : null}
      </a>
    </Button>
  );
}
