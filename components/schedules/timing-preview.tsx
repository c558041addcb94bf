"use client";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";

export type TimingPreviewData = { cron: string; timezone: string; inWords: string; next: { at: string; local: string }[] };

/** A timing in words and its next runs on its zone's wall clock, as the server computes them. */
export function TimingPreview({ data, pending, problem }: { data: TimingPreviewData | undefined; pending: boolean; problem: string | null }) {
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3" aria-live="polite" data-testid="timing-preview">
      <div className="flex items-center justify-between gap-2">
        <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Preview</p>
        {pending ? <Spinner /> : null}
      </div>
      {problem ? (
        <p className="mt-2 text-sm text-slate-600">{problem}</p>
      ) : !data ? (
        <div className="mt-2 space-y-2">
          <Skeleton className="h-4 w-4/5" />
          <Skeleton className="h-4 w-3/5" />
        </div>
      ) : (
        <>
          <p className="mt-2 text-sm font-medium text-slate-900" data-testid="timing-words">
            {data.inWords}
          </p>
          <p className="mt-0.5 font-mono text-xs text-slate-500">{data.cron}</p>
          <p className="mt-3 text-xs text-slate-500">Next {data.next.length} runs</p>
          <ol className="mt-1 space-y-0.5 text-sm text-slate-700" aria-label="Next runs">
            {data.next.map((n) => (
              <li key={n.at} className="tabular-nums">
                {n.local}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
