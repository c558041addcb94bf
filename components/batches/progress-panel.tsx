"use client";
import { Activity, Clock, Gauge, Hourglass } from "lucide-react";
import type { LucideIcon } from "lucide-react";
import { formatCount } from "@/components/format/count";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatDuration } from "./describe";
import type { Connection, Sample } from "./progress-hub";
import type { BatchKind } from "@/server/contracts/batch";
import { progressTerms } from "./progress-terms";
import { ThroughputChart } from "./throughput-chart";
import { isFinal, type BatchProgress } from "./types";
import { progressTone } from "./state-badge";
import { useNow } from "./use-now";

function ConnectionNote({ connection }: { connection: Connection }) {
  const look: Record<Connection, [string, string]> = {
    live: ["bg-emerald-500", "Live updates"],
    connecting: ["bg-slate-300 animate-pulse", "Connecting…"],
    reconnecting: ["bg-amber-500 animate-pulse", "Connection lost, reconnecting…"],
    waiting: ["bg-slate-300", "Waiting for a free connection…"],
    ended: ["bg-slate-300", "Finished"],
    error: ["bg-red-500", "Live updates stopped; reload to try again"],
  };
  const [dot, text] = look[connection];
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-500" data-testid="stream-state">
      <span aria-hidden className={cn("size-1.5 rounded-full", dot)} />
      {text}
    </span>
  );
}

function Stat({ icon: Icon, label, value }: { icon: LucideIcon; label: string; value: string }) {
  return (
    <div className="flex items-center gap-2.5">
      <Icon aria-hidden className="size-4 text-slate-400" />
      <div>
        <dt className="text-xs text-slate-500">{label}</dt>
        <dd className="text-sm font-medium text-slate-900 tabular-nums">{value}</dd>
      </div>
    </div>
  );
}

/** Live progress: bar, counts per result, speed, time left and a throughput chart. */
export function ProgressPanel({
  progress,
  samples,
  connection,
  kind,
}: {
  progress: BatchProgress;
  samples: Sample[];
  connection: Connection;
  /** The batch's kind, for the words (files or rows, which results). */
  kind: BatchKind;
}) {
  const terms = progressTerms(kind);
  const running = progress.state === "running";
  const now = useNow(running);
  // The clock ticks once a second and the browser's may lag the server's: never show less than the
  // server measured at its last update.
  const elapsed = running && progress.startedAt ? Math.max(progress.elapsedMs, now - new Date(progress.startedAt).getTime()) : progress.elapsedMs;
  return (
    <Card aria-labelledby="progress-heading">
      <CardContent className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0 space-y-5">
          <div>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="progress-heading" className="text-sm font-semibold text-slate-900">
                Progress
              </h2>
              <ConnectionNote connection={connection} />
            </div>
            <p className="mt-2 flex items-baseline gap-2">
              <span className="text-3xl font-semibold tracking-tight text-slate-900 tabular-nums" data-testid="progress-percent">
                {progress.percent.toFixed(progress.percent % 1 ? 1 : 0)}%
              </span>
              <span className="text-sm text-slate-500 tabular-nums">
                {formatCount(progress.processed)} of {formatCount(progress.total)} {terms.unit}
                {terms.chunked && progress.chunkCount ? ` · chunk ${formatCount(progress.chunksDone)} of ${formatCount(progress.chunkCount)}` : ""}
              </span>
            </p>
            <ProgressBar className="mt-3" value={progress.percent} tone={progressTone(progress.state)} label="Batch progress" />
          </div>
          <dl className={cn("grid grid-cols-2 gap-3", terms.counts.length === 5 ? "sm:grid-cols-5" : "sm:grid-cols-4")} aria-label={`${terms.unit === "files" ? "Files" : "Rows"} by result`}>
            {terms.counts.map((c) => (
              <div key={c.key} className="rounded-md border border-slate-200 px-3 py-2">
                <dt className="text-xs text-slate-500">{c.label}</dt>
                <dd className={cn("text-lg font-semibold tabular-nums", progress.counts[c.key] > 0 ? c.tone : "text-slate-300")} data-testid={`count-${c.key}`}>
                  {formatCount(progress.counts[c.key])}
                </dd>
              </div>
            ))}
          </dl>
          <dl className="flex flex-wrap gap-x-8 gap-y-3">
            <Stat icon={Gauge} label="Speed" value={progress.rowsPerSecond ? `${formatCount(progress.rowsPerSecond)} ${terms.unit}/s` : "—"} />
            <Stat icon={Hourglass} label="Time left" value={isFinal(progress.state) ? "—" : progress.state === "paused" ? "paused" : progress.etaSeconds !== null ? `about ${formatDuration(progress.etaSeconds * 1000)}` : "estimating…"} />
            <Stat icon={Clock} label="Elapsed" value={progress.startedAt ? formatDuration(elapsed) : "not started"} />
            <Stat icon={Activity} label="Success rate" value={progress.successRate === null ? "—" : `${(progress.successRate * 100).toFixed(1)}%`} />
          </dl>
          {progress.lastError ? (
            <Alert tone={progress.state === "failed" ? "danger" : "warning"} title="Last error">
              {progress.lastError}
            </Alert>
          ) : null}
        </div>
        <div className="min-w-0">
          <p className="text-xs font-medium text-slate-500">Throughput ({terms.unit}/s)</p>
          <div className="mt-2 h-44">
            <ThroughputChart samples={samples} finished={isFinal(progress.state)} />
          </div>
        </div>
      </CardContent>
    </Card>
  );
}
