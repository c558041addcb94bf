import { formatClock } from "@/components/format/time";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";

/** When the numbers were last fetched. Not a live region: a change every 10 s would keep interrupting screen readers. */
export function RefreshStatus({ updatedAt, fetching, stale }: { updatedAt: number; fetching: boolean; stale: boolean }) {
  return (
    <p className="flex items-center gap-1.5 text-xs text-slate-500">
      {fetching ? (
        <Spinner className="size-3" />
      ) : (
        <span aria-hidden className={cn("size-1.5 rounded-full", stale ? "bg-amber-500" : "bg-emerald-500")} />
      )}
      {stale ? "Refresh failed · showing data from " : "Updated "}
      {updatedAt ? formatClock(updatedAt) : "…"}
      <span className="text-slate-400">· refreshes every 10 s</span>
    </p>
  );
}
