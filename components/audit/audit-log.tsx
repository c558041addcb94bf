"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ScrollText } from "lucide-react";
import Link from "next/link";
import { parseAsInteger, parseAsString, useQueryStates } from "nuqs";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/errors/query-error";
import { errorCode } from "@/components/errors/safe-error-message";
import { formatCount } from "@/components/format/count";
import { formatDateTime } from "@/components/format/time";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, Td, Th } from "@/components/ui/table";

const PAGE_SIZE = 50;
const params = { actor: parseAsString.withDefault(""), page: parseAsInteger.withDefault(1) };

const words = (key: string) => key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

// PostgreSQL's jsonb keeps keys in its own order; these read best first.
const FIRST = ["operation", "target", "items", "of"];
const rank = (k: string) => (FIRST.includes(k) ? FIRST.indexOf(k) : FIRST.length);

/** "operation: update · items: 3 · planned: will change 3, invalid 1" (zero counts left out). */
function details(d: Record<string, unknown>): string {
  // Counts read like the rest of the app: 61,419, not 61419.
  const show = (x: unknown) => (typeof x === "number" ? formatCount(x) : typeof x === "object" ? JSON.stringify(x) : String(x));
  return Object.entries(d)
    .sort(([a], [b]) => rank(a) - rank(b))
    .flatMap(([k, v]) => {
      if (v === null || typeof v !== "object" || Array.isArray(v)) return [`${words(k)}: ${Array.isArray(v) ? v.map(show).join(", ") : show(v)}`];
      const parts = Object.entries(v as Record<string, unknown>)
        .filter(([, n]) => n !== 0)
        .map(([n, x]) => `${words(n)} ${show(x)}`);
      return parts.length ? [`${words(k)}: ${parts.join(", ")}`] : [];
    })
    .join(" · ");
}

/** The append-only audit log, newest first, filterable by actor; state in the URL. */
export function AuditLog() {
  const trpc = useTRPC();
  const [{ actor, page }, setParams] = useQueryStates(params);
  const query = useQuery({
    ...trpc.audit.list.queryOptions({ actorEmail: actor || undefined, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  if (query.error && errorCode(query.error) === "FORBIDDEN") {
    return <Alert tone="warning" title="Only admins can read the audit log" />;
  }
  if (query.error) return <QueryError error={query.error} what="the audit log" onRetry={() => void query.refetch()} />;
  const data = query.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return (
    <div className="space-y-4">
      <div className="max-w-xs">
        <label htmlFor="audit-actor" className="sr-only">
          Filter by actor email
        </label>
        <Input
          id="audit-actor"
          placeholder="Filter by actor email…"
          defaultValue={actor}
          onChange={(e) => void setParams({ actor: e.target.value, page: 1 })}
        />
      </div>
      {!data ? (
        <Skeleton className="h-64" />
      ) : data.entries.length === 0 ? (
        <EmptyState icon={ScrollText} title="No audit entries" description="Batch validations, commits, pauses, cancellations, retries and reverts appear here." />
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white">
          <Table>
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Who</Th>
                <Th>Action</Th>
                <Th>Resource</Th>
                <Th>Batch</Th>
                <Th>Details</Th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.id}>
                  <Td className="whitespace-nowrap">{formatDateTime(e.at)}</Td>
                  <Td>
                    {e.actorEmail ?? "system"}
                    {e.token ? (
                      <span className="block text-xs text-slate-500" title={`API token ${e.token.id}`}>
                        via token {e.token.name ? `“${e.token.name}”` : e.token.id.slice(0, 8)}
                        {e.token.prefix ? <span className="ml-1 font-mono">{e.token.prefix}…</span> : null}
                      </span>
                    ) : null}
                  </Td>
                  <Td className="font-mono text-xs">{e.action}</Td>
                  <Td>{e.resource ?? "—"}</Td>
                  <Td>
                    {e.batchId ? (
                      <Link href={`/batches/${e.batchId}`} className="font-mono text-xs text-slate-900 underline underline-offset-2">
                        {e.batchId.slice(0, 8)}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </Td>
                  <Td className="text-xs text-slate-500">{details(e.details)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
      {data && data.total > PAGE_SIZE ? (
        <div className="flex items-center justify-end gap-3 text-sm text-slate-600">
          <span>
            Page {page} of {pages}
          </span>
          <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => void setParams({ page: page - 1 })}>
            Previous
          </Button>
          <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => void setParams({ page: page + 1 })}>
            Next
          </Button>
        </div>
      ) : null}
    </div>
  );
}
