import { Badge, type BadgeTone } from "@/components/ui/badge";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Spinner } from "@/components/ui/spinner";
import type { ExportRow } from "./types";

const TONE: Record<ExportRow["status"], BadgeTone> = {
  queued: "neutral",
  running: "info",
  ready: "success",
  expired: "neutral",
  deleted: "neutral",
  failed: "danger",
  cancelled: "warning",
};

const LABEL: Record<ExportRow["status"], string> = {
  queued: "Queued",
  running: "Writing",
  ready: "Ready",
  expired: "Expired",
  deleted: "Deleted",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** An export's state; while it is written, its progress. */
export function ExportStatus({ row }: { row: ExportRow }) {
  if (row.status === "running" || row.status === "queued") {
    const pct = row.total ? Math.floor((row.processed / row.total) * 100) : 0;
    return (
      <div className="min-w-28">
        <Badge tone={TONE[row.status]}>
          <Spinner className="size-3" />
          {LABEL[row.status]}
          {row.status === "running" ? ` ${pct}%` : ""}
        </Badge>
        {row.status === "running" ? <ProgressBar value={pct} label={`${row.name} written`} size="sm" className="mt-1.5" /> : null}
      </div>
    );
  }
  return (
    <Badge tone={TONE[row.status]} title={row.status === "failed" ? (row.lastError ?? undefined) : undefined}>
      {LABEL[row.status]}
    </Badge>
  );
}
