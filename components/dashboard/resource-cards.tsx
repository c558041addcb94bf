import { ChevronRight } from "lucide-react";
import Link from "next/link";
import { formatCount } from "@/components/format/count";
import { Skeleton } from "@/components/ui/skeleton";
import type { ResourceCount } from "./types";

/** One card per resource: total rows, and how many of them are archived or deleted. */
export function ResourceCards({ resources }: { resources: ResourceCount[] }) {
  return (
    <ul className="grid grid-cols-2 gap-3 lg:grid-cols-3 xl:grid-cols-4">
      {resources.map((r) => (
        <li key={r.name}>
          <Link
            href={`/resources/${r.name}`}
            data-testid={`resource-card-${r.name}`}
            className="group block rounded-lg border border-slate-200 bg-white px-4 py-3.5 shadow-xs transition-colors hover:border-slate-300 hover:bg-slate-50/60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
          >
            <span className="flex items-center justify-between text-sm font-medium text-slate-600">
              {r.label}
              <ChevronRight aria-hidden className="size-4 text-slate-300 transition-colors group-hover:text-slate-500" />
            </span>
            <span className="mt-1 block text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">
              {formatCount(r.total)}
              <span className="sr-only"> records</span>
            </span>
            <span className="mt-1 block text-xs text-slate-500 tabular-nums">
              {formatCount(r.archived)} archived · {formatCount(r.deleted)} deleted
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function ResourceCardsSkeleton() {
  return (
    <ul className="grid grid-cols-2 gap-3 lg:grid-cols-3 xl:grid-cols-4" aria-hidden>
      {Array.from({ length: 7 }, (_, i) => (
        <li key={i} className="rounded-lg border border-slate-200 bg-white px-4 py-3.5">
          <Skeleton className="h-4 w-24" />
          <Skeleton className="mt-2.5 h-7 w-20" />
          <Skeleton className="mt-2 h-3 w-32 max-w-full" />
        </li>
      ))}
    </ul>
  );
}
