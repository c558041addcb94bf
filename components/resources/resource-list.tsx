"use client";
import { ChevronRight } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { QueryError } from "@/components/errors/query-error";
import { formatCount } from "@/components/format/count";
import { useOverview } from "@/components/dashboard/use-overview";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, Td, Th } from "@/components/ui/table";

/** Every resource table with its row counts; the name links to the table's records. */
export function ResourceList() {
  const overview = useOverview();
  const router = useRouter();

  if (overview.isError && !overview.data) {
    return <QueryError error={overview.error} what="resources" onRetry={() => void overview.refetch()} />;
  }

  return (
    <Card aria-busy={overview.isPending}>
      <Table>
        <caption className="sr-only">Resources and their record counts</caption>
        <thead>
          <tr>
            <Th>Resource</Th>
            <Th className="text-right">Records</Th>
            <Th className="text-right">Archived</Th>
            <Th className="text-right">Deleted</Th>
            <Th className="w-10">
              <span className="sr-only">Open</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {overview.data
            ? overview.data.resources.map((r) => (
                <tr
                  key={r.name}
                  // The whole row is a mouse target; keyboard and screen-reader users get the name link.
                  onClick={(e) => {
                    if (!(e.target instanceof Element && e.target.closest("a"))) router.push(`/resources/${r.name}`);
                  }}
                  className="group cursor-pointer hover:bg-slate-50 last:[&>td]:border-b-0"
                >
                  <Td>
                    <Link
                      href={`/resources/${r.name}`}
                      className="rounded-sm font-medium text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
                    >
                      {r.label}
                    </Link>
                    <span className="ml-2 hidden font-mono text-xs text-slate-400 sm:inline">{r.table}</span>
                  </Td>
                  <Td className="text-right font-medium text-slate-900 tabular-nums">{formatCount(r.total)}</Td>
                  <Td className="text-right tabular-nums">{formatCount(r.archived)}</Td>
                  <Td className="text-right tabular-nums">{formatCount(r.deleted)}</Td>
                  <Td className="text-slate-300 group-hover:text-slate-500">
                    <ChevronRight aria-hidden className="size-4" />
                  </Td>
                </tr>
              ))
            : Array.from({ length: 7 }, (_, i) => (
                <tr key={i} aria-hidden>
                  <Td colSpan={5}>
                    <Skeleton className="h-4 w-full" />
                  </Td>
                </tr>
              ))}
        </tbody>
      </Table>
    </Card>
  );
}
