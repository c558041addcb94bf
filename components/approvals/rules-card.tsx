"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, ShieldCheck } from "lucide-react";
import { useState } from "react";
import { MutationError } from "@/components/errors/mutation-error";
import { QueryError } from "@/components/errors/query-error";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, Td, Th } from "@/components/ui/table";
import { ruleConditions } from "./describe-rule";
import { RuleFormDialog } from "./rule-form-dialog";
import type { ApprovalRule } from "./types";

/** The approval rules: admins add, edit, enable or disable and delete them; everyone else reads them. */
export function RulesCard({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.approvals.rules.queryOptions());
  const resources = useQuery({ ...trpc.resources.list.queryOptions(), staleTime: 5 * 60_000 });
  const [editing, setEditing] = useState<ApprovalRule | "new" | null>(null);
  const [deleting, setDeleting] = useState<ApprovalRule | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.approvals.rules.queryKey() });
  const update = useMutation(trpc.approvals.updateRule.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.approvals.deleteRule.mutationOptions({ onSuccess: () => (setDeleting(null), refresh()) }));
  const label = (name: string) => resources.data?.find((r) => r.name === name)?.label ?? name;

  return (
    <Card aria-labelledby="rules-heading">
      <CardHeader>
        <div>
          <CardTitle id="rules-heading">Approval rules</CardTitle>
          <CardDescription>
            A previewed batch meeting every condition of an enabled rule needs someone else&apos;s approval before it is committed.
            {isAdmin ? null : " Only admins change the rules."}
          </CardDescription>
        </div>
        {isAdmin ? (
          <Button size="sm" onClick={() => setEditing("new")}>
            <Plus aria-hidden />
            New rule
          </Button>
        ) : null}
      </CardHeader>
      {update.error ? (
        <div className="px-5 pt-4">
          <MutationError error={update.error} title="Rule not changed" />
        </div>
      ) : null}
      {rules.error ? (
        <div className="p-5">
          <QueryError error={rules.error} what="the approval rules" onRetry={() => void rules.refetch()} />
        </div>
      ) : !rules.data ? (
        <Skeleton className="m-5 h-24" />
      ) : rules.data.length === 0 ? (
        <div className="p-5">
          <EmptyState icon={ShieldCheck} title="No approval rules" description={isAdmin ? "Every preview can be committed by whoever prepared it. Add a rule to ask for a second pair of eyes." : "Every preview can be committed by whoever prepared it."} />
        </div>
      ) : (
        <Table aria-label="Approval rules">
          <thead>
            <tr>
              <Th>Rule</Th>
              <Th>Applies to</Th>
              <Th>Approvers</Th>
              <Th>State</Th>
              {isAdmin ? (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rules.data.map((r) => (
              <tr key={r.id} data-testid="approval-rule">
                <Td className="max-w-72">
                  <div className="font-medium text-slate-900">{r.name}</div>
                  {r.description ? <div className="text-xs text-slate-500">{r.description}</div> : null}
                </Td>
                <Td>
                  <div className="flex flex-wrap gap-1">
                    {ruleConditions(r, label).map((c) => (
                      <Badge key={c}>{c}</Badge>
                    ))}
                  </div>
                </Td>
                <Td className="whitespace-nowrap tabular-nums">{r.approvalsNeeded}</Td>
                <Td>{r.enabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="warning">Disabled</Badge>}</Td>
                {isAdmin ? (
                  <Td className="text-right whitespace-nowrap">
                    <Button variant="ghost" size="sm" onClick={() => setEditing(r)} aria-label={`Edit ${r.name}`}>
                      Edit
                    </Button>
                    <Button variant="ghost" size="sm" disabled={update.isPending} onClick={() => update.mutate({ ruleId: r.id, enabled: !r.enabled })} aria-label={`${r.enabled ? "Disable" : "Enable"} ${r.name}`}>
                      {r.enabled ? "Disable" : "Enable"}
                    </Button>
                    <Button variant="ghost" size="sm" className="text-red-700" onClick={() => (remove.reset(), setDeleting(r))} aria-label={`Delete ${r.name}`}>
                      Delete
                    </Button>
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {editing ? <RuleFormDialog key={editing === "new" ? "new" : editing.id} rule={editing === "new" ? null : editing} open onOpenChange={(o) => !o && setEditing(null)} /> : null}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete the rule “${deleting?.name ?? ""}”?`}
        confirmLabel="Delete rule"
        tone="danger"
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ ruleId: deleting.id })}
        error={<MutationError error={remove.error} title="The rule was not deleted" />}
      >
        <p>Batches previewed from now on no longer need approval for it. Requests already waiting stay as they are.</p>
      </ConfirmDialog>
    </Card>
  );
}
