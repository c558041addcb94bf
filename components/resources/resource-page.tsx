"use client";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, FileSpreadsheet } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { RowsDialog } from "@/components/batches/composer/rows-dialog";
import { rowOperations } from "@/components/batches/composer/rows-from-csv";
import { PageNotFound } from "@/components/errors/page-not-found";
import { QueryError } from "@/components/errors/query-error";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { ResourceBrowser } from "./resource-browser";
import type { InitialPage, ResourceMeta } from "./types";

/** A resource's page: its registry entry first, then the record browser. */
export function ResourcePage({ resource, initialMeta, initial }: { resource: string; initialMeta?: ResourceMeta[]; initial?: InitialPage }) {
  const trpc = useTRPC();
  const metaQuery = useQuery({ ...trpc.resources.meta.queryOptions(), staleTime: 5 * 60_000, initialData: initialMeta });
  const meta = metaQuery.data?.find((r) => r.name === resource);
  const [rowsOpen, setRowsOpen] = useState(false);

  const back = (
    <Button asChild variant="secondary" size="sm">
      <Link href="/resources">
        <ArrowLeft aria-hidden />
        All resources
      </Link>
    </Button>
  );

  if (metaQuery.isError && !metaQuery.data) {
    return <QueryError error={metaQuery.error} what="this resource" onRetry={() => void metaQuery.refetch()} />;
  }
  if (metaQuery.data && !meta) return <PageNotFound />;
  if (!meta) {
    return (
      <div role="status" aria-label="Loading">
        <Skeleton className="h-7 w-40" />
        <Skeleton className="mt-2 mb-6 h-4 w-72" />
        <Card className="p-4">
          <Skeleton className="h-8 w-full" />
          <Skeleton className="mt-4 h-64 w-full" />
        </Card>
      </div>
    );
  }
  const viewer = meta.operations.length === 0;
  return (
    <>
      <PageHeader
        title={meta.label}
        description={
          viewer
            ? `Browse, search and filter ${meta.label.toLowerCase()}. Your role can view records but not change them.${
                meta.hiddenFields.length ? ` ${meta.hiddenFields.map((f) => f.label).join(", ")} ${meta.hiddenFields.length === 1 ? "is" : "are"} sensitive and hidden from your role.` : ""
              }`
            : `Browse, filter and select ${meta.label.toLowerCase()}, then preview a bulk change before it runs.`
        }
        actions={
          <>
            {rowOperations(meta).length ? (
              <Button variant="secondary" size="sm" onClick={() => setRowsOpen(true)}>
                <FileSpreadsheet aria-hidden />
                Rows from CSV
              </Button>
            ) : null}
            {back}
          </>
        }
      />
      <ResourceBrowser meta={meta} initial={initial} />
      {rowsOpen ? <RowsDialog meta={meta} onClose={() => setRowsOpen(false)} /> : null}
    </>
  );
}
