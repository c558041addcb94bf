"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Webhook } from "lucide-react";
import { useState } from "react";
import { MutationError } from "@/components/errors/mutation-error";
import { QueryError } from "@/components/errors/query-error";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, Td, Th } from "@/components/ui/table";
import { CreateWebhookForm } from "./create-webhook-form";
import { DeliveriesCard } from "./deliveries-card";
import { EVENT_LABELS } from "./event-labels";

/** The user's webhooks (an admin's: all): add one, enable or disable, delete, and read one's delivery log. */
export function WebhooksView({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.webhooks.list.queryOptions(), refetchInterval: 10_000 });
  const [selected, setSelected] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.webhooks.delete.mutationOptions({ onSuccess: refresh }));
  const shown = list.data?.find((w) => w.id === selected) ?? null;
  return (
    <div className="space-y-6">
      <CreateWebhookForm isAdmin={isAdmin} />
      <Card>
        <CardHeader>
          <div>
            <CardTitle>{isAdmin ? "All webhooks" : "Your webhooks"}</CardTitle>
            <CardDescription>Repeated failures disable a webhook; enabling it again resumes its pending deliveries.</CardDescription>
          </div>
        </CardHeader>
        {update.error || remove.error ? (
          <div className="px-5 pt-4">
            <MutationError error={update.error ?? remove.error} title="Webhook not changed" />
          </div>
        ) : null}
        {list.error ? (
          <div className="p-5">
            <QueryError error={list.error} what="your webhooks" onRetry={() => void list.refetch()} />
          </div>
        ) : !list.data ? (
          <Skeleton className="m-5 h-24" />
        ) : list.data.length === 0 ? (
          <div className="p-5">
            <EmptyState icon={Webhook} title="No webhooks yet" description="Add one above to hear when your batches end." />
          </div>
        ) : (
          <Table aria-label="Webhooks">
            <thead>
              <tr>
                <Th>URL</Th>
                <Th>Events</Th>
                <Th>State</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((w) => (
                <tr key={w.id} data-testid={`webhook-row-${w.url}`}>
                  <Td className="max-w-80">
                    <div className="font-medium break-all text-slate-900">{w.url}</div>
                    <div className="text-xs text-slate-500">{w.global ? "Global: every user's batches" : (w.owner?.email ?? "")}</div>
                  </Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {w.events.map((e) => (
                        <Badge key={e} tone="info">
                          {EVENT_LABELS[e]?.label ?? e}
                        </Badge>
                      ))}
                    </div>
                  </Td>
                  <Td>
                    {w.enabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="warning">Disabled</Badge>}
                    {w.disabledReason ? <div className="mt-1 max-w-64 text-xs text-slate-500">{w.disabledReason}</div> : null}
                    {w.enabled && w.consecutiveFailures > 0 ? <div className="mt-1 text-xs text-amber-700">{w.consecutiveFailures} failures in a row</div> : null}
                  </Td>
                  <Td className="text-right whitespace-nowrap">
                    <Button variant="ghost" size="sm" onClick={() => setSelected(w.id === selected ? null : w.id)} aria-pressed={w.id === selected}>
                      Deliveries
                    </Button>
                    <Button variant="ghost" size="sm" disabled={update.isPending} onClick={() => update.mutate({ endpointId: w.id, enabled: !w.enabled })}>
                      {w.enabled ? "Disable" : "Enable"}
                    </Button>
                    <Button variant="ghost" size="sm" disabled={remove.isPending} onClick={() => remove.mutate({ endpointId: w.id })} aria-label={`Delete ${w.url}`}>
                      Delete
                    </Button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {shown ? <DeliveriesCard endpointId={shown.id} url={shown.url} /> : null}
    </div>
  );
}
