"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { MutationError } from "@/components/errors/mutation-error";
import { QueryError } from "@/components/errors/query-error";
import { formatDateTime } from "@/components/format/time";
import { useTRPC } from "@/components/providers/trpc";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, Td, Th } from "@/components/ui/table";

const TONE: Record<string, BadgeTone> = { delivered: "success", pending: "info", failed: "danger" };

/** One endpoint's delivery log, refreshed while deliveries are pending; any can be sent again. */
export function DeliveriesCard({ endpointId, url }: { endpointId: string; url: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const log = useQuery({
    ...trpc.webhooks.deliveries.queryOptions({ endpointId }),
    refetchInterval: (q) => (q.state.data?.some((d) => d.state === "pending") ? 2000 : 10_000),
  });
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey({ endpointId }) }) }),
  );
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Deliveries</CardTitle>
          <CardDescription className="break-all">{url}</CardDescription>
        </div>
      </CardHeader>
      {redeliver.error ? (
        <div className="px-5 pt-4">
          <MutationError error={redeliver.error} title="Not redelivered" />
        </div>
      ) : null}
      {log.error ? (
        <div className="p-5">
          <QueryError error={log.error} what="the delivery log" onRetry={() => void log.refetch()} />
        </div>
      ) : !log.data ? (
        <Skeleton className="m-5 h-24" />
      ) : log.data.length === 0 ? (
        <p className="p-5 text-sm text-slate-500">Nothing sent yet: events arrive when a batch ends.</p>
      ) : (
        <Table aria-label="Webhook deliveries">
          <thead>
            <tr>
              <Th>Event</Th>
              <Th>State</Th>
              <Th>Status</Th>
              <Th>Latency</Th>
              <Th>Answer</Th>
              <Th>Last try</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {log.data.map((d) => (
              <tr key={d.id} data-testid={`delivery-${d.id}`}>
                <Td>
                  <div className="font-medium text-slate-900">{d.eventType}</div>
                  {d.batchId ? (
                    <Link className="font-mono text-xs text-slate-500 underline" href={`/batches/${d.batchId}`}>
                      {d.batchId.slice(0, 8)}
                    </Link>
                  ) : null}
                </Td>
                <Td>
                  <Badge tone={TONE[d.state] ?? "neutral"}>{d.state}</Badge>
                  <div className="text-xs text-slate-500">{d.attempts} attempt{d.attempts === 1 ? "" : "s"}</div>
                </Td>
                <Td className="font-mono">{d.lastStatus ?? "—"}</Td>
                <Td className="whitespace-nowrap">{d.latencyMs === null ? "—" : `${d.latencyMs} ms`}</Td>
                <Td className="max-w-64 truncate font-mono text-xs" title={d.responseSnippet ?? undefined}>
                  {d.responseSnippet || "—"}
                </Td>
                <Td className="whitespace-nowrap">{formatDateTime(d.updatedAt)}</Td>
                <Td className="text-right">
                  <Button variant="ghost" size="sm" disabled={redeliver.isPending || d.state === "pending"} onClick={() => redeliver.mutate({ endpointId, deliveryId: d.id })}>
                    Redeliver
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
