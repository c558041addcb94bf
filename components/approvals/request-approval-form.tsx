"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";
import { MutationError } from "@/components/errors/mutation-error";
import { countOf } from "@/components/format/count";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import type { ApprovalView } from "./types";

/**
 * In place of Commit for a preview that matches approval rules: which rules and how many approvers,
 * then a message for them and whether to commit as soon as it is approved.
 */
export function RequestApprovalForm({ batchId, approval, disabled, discard }: { batchId: string; approval: ApprovalView | undefined; disabled: boolean; discard: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [message, setMessage] = useState("");
  const [autoCommit, setAutoCommit] = useState(false);
  const request = useMutation(
    trpc.approvals.request.mutationOptions({
      onSuccess: (view) => {
        queryClient.setQueryData(trpc.approvals.get.queryKey({ batchId }), view);
        void queryClient.invalidateQueries({ queryKey: trpc.batch.status.queryKey({ batchId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.approvals.list.queryKey() });
        toast.success("Approval requested", { description: "Approvers are notified; you will hear when they decide." });
      },
    }),
  );
  const needed = approval?.needed;
  const lapsed = approval?.request?.state === "expired";

  function submit(e: FormEvent) {
    e.preventDefault();
    request.mutate({ batchId, message, autoCommit });
  }

  return (
    <Card className="px-4 py-4" aria-labelledby={`${id}-title`}>
      <div className="flex items-start gap-3">
        <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-amber-50 text-amber-700 ring-1 ring-amber-600/20">
          <ShieldCheck aria-hidden className="size-4" />
        </span>
        <div className="min-w-0 flex-1">
          <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
            This batch needs approval before it can be committed
          </h3>
          <p className="mt-0.5 text-sm text-slate-600" data-testid="approval-needed">
            {needed && needed.rules.length ? (
              <>
                It matches {needed.rules.length === 1 ? "the rule" : "the rules"}{" "}
                {needed.rules.map((r, i) => (
                  <span key={r.id}>
                    {i ? ", " : ""}
                    <strong className="font-medium text-slate-900">{r.name}</strong>
                  </span>
                ))}
                : {countOf(needed.approvalsNeeded, "approver")} other than you must approve it.
              </>
            ) : (
              "It matches an approval rule: someone other than you must approve it."
            )}
            {lapsed ? " An earlier request lapsed before it was decided; ask again." : null}
          </p>
          <form onSubmit={submit} noValidate className="mt-3 space-y-3" aria-label="Request approval">
            <div>
              <Label htmlFor={`${id}-message`}>Message for the approvers</Label>
              <Textarea
                id={`${id}-message`}
                className="mt-1.5 min-h-16"
                placeholder="Why this change, and anything they should check"
                maxLength={2000}
                value={message}
                onChange={(e) => setMessage(e.target.value)}
              />
            </div>
            <label className="flex items-center gap-2.5 text-sm text-slate-700">
              <Checkbox checked={autoCommit} onChange={(e) => setAutoCommit(e.target.checked)} />
              Commit automatically once approved
            </label>
            <MutationError error={request.error} title="Approval not requested" />
            <div className="flex flex-wrap justify-end gap-2">
              {discard}
              <Button type="submit" disabled={disabled || request.isPending}>
                {request.isPending ? <Spinner /> : <ShieldCheck aria-hidden />}
                Request approval
              </Button>
            </div>
          </form>
        </div>
      </div>
    </Card>
  );
}
