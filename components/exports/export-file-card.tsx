"use client";
import { useQuery } from "@tanstack/react-query";
import { formatDateTime } from "@/components/format/time";
import { formatCount } from "@/components/format/count";
import { useTRPC } from "@/components/providers/trpc";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { formatBytes } from "./format";
import { ExportStatus } from "./status-badge";

/**
 * What an export batch produced, in place of the per-row results other batches have: the file's
 * name, format, rows, size and expiry. Shares its query with the header's download button.
 */
export function ExportFileCard({ batchId }: { batchId: string }) {
  const trpc = useTRPC();
  const exp = useQuery({
    ...trpc.exports.ofBatch.queryOptions({ batchId }),
    refetchInterval: (q) => (q.state.data && (q.state.data.status === "queued" || q.state.data.status === "running") ? 2_000 : false),
  });
  const row = exp.data;
  if (!row) return null;
  const facts: [string, string][] = [
    ["Format", row.format.toUpperCase()],
    ["Rows", formatCount(row.rows)],
    ["Size", row.size !== null ? formatBytes(row.size) : "—"],
    ["Kept until", row.expiresAt ? formatDateTime(new Date(row.expiresAt)) : "—"],
  ];
  return (
    <Card data-testid="export-file">
      <CardHeader className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <CardTitle>File</CardTitle>
          <p className="mt-0.5 truncate text-sm text-slate-600">{row.name}</p>
        </div>
        <ExportStatus row={row} />
      </CardHeader>
      <dl className="grid gap-x-8 gap-y-2 px-5 pt-3 pb-4 text-sm sm:grid-cols-4">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="tabular-nums text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      {row.status === "failed" && row.lastError ? <p className="px-5 pb-4 text-sm text-red-700">{row.lastError}</p> : null}
    </Card>
  );
}
