import { FileDown } from "lucide-react";

const FILES = [
  ["all", "All results"],
  ["failed", "Failed"],
  ["conflicts", "Conflicts"],
] as const;

/** Per-row result files (CSV, streamed by the server) of a batch that has run. */
export function ResultFiles({ batchId }: { batchId: string }) {
  return (
    <div className="flex items-center gap-1 text-sm text-slate-600" role="group" aria-label="Result files">
      <FileDown aria-hidden className="size-4 text-slate-400" />
      <span className="sr-only sm:not-sr-only">CSV:</span>
      {FILES.map(([filter, label], i) => (
        <span key={filter}>
          {i > 0 ? <span aria-hidden className="px-1 text-slate-300">·</span> : null}
          <a href={`/api/batches/${batchId}/results?filter=${filter}`} download className="underline-offset-2 hover:text-slate-900 hover:underline">
            {label}
          </a>
        </span>
      ))}
    </div>
  );
}
