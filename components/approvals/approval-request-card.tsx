"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Hourglass, ShieldCheck, Undo2 } from "lucide-react";
import { useState } from "react";
import { MutationError } from "@/components/errors/mutation-error";
import { formatDateTime } from "@/components/format/time";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DecideForm } from "./decide-form";
import type { ApprovalView } from "./types";
import { VoteList } from "./vote-list";

/** "in 3 h", "in 12 min": how long a request still waits. */
export function formatIn(at: string, now = Date.now()): string {
  const minutes = Math.round((new Date(at).getTime() - now) / 60_000);
  if (minutes <= 0) return "now";
  if (minutes < 60) return `in ${minutes} min`;
  if (minutes < 48 * 60) return `in ${Math.round(minutes / 60)} h`;
  return `in ${Math.round(minutes / 1440)} days`;
}

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-slate-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/**
 * A batch waiting for approval: who asked, why, until when, the votes so far; Approve / Reject for
 * someone who may decide, "waiting" and Withdraw for the requester.
 */
export function ApprovalRequestCard({ view, meId, canAct }: { view: ApprovalView; meId: string | undefined; canAct: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [withdrawing, setWithdrawing] = useState(false);
  const discard = useMutation(
    trpc.batch.discard.mutationOptions({
      onSuccess: () => {
        setWithdrawing(false);
        void queryClient.invalidateQueries({ queryKey: trpc.batch.status.queryKey({ batchId: view.batchId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.approvals.get.queryKey({ batchId: view.batchId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.approvals.list.queryKey() });
      },
    }),
  );
  const r = view.request;
  if (!r) return null;
  const approvals = r.votes.filter((v) => v.decision === "approve").length;
  const mine = r.requestedBy.id === meId;
  const voted = r.votes.some((v) => v.user.id === meId);

  return (
    <Card aria-labelledby="approval-heading" data-testid="approval-request">
      <CardHeader>
        <div className="flex items-center gap-2">
          <ShieldCheck aria-hidden className="size-4 text-amber-700" />
          <CardTitle id="approval-heading">Approval requested</CardTitle>
        </div>
        <span className="text-sm text-slate-600 tabular-nums" data-testid="approval-count">
          {approvals} of {r.approvalsNeeded} approvals
        </span>
      </CardHeader>
      <CardContent className="space-y-4">
        <dl className="grid gap-x-8 gap-y-2 text-sm sm:grid-cols-3">
          <Fact label="Requested by" testId="approval-requested-by">
            {r.requestedBy.name || r.requestedBy.email} · <time dateTime={r.requestedAt}>{formatDateTime(new Date(r.requestedAt))}</time>
          </Fact>
          <Fact label="Expires">
            <time dateTime={r.expiresAt} title={formatDateTime(new Date(r.expiresAt))} suppressHydrationWarning>
              {formatDateTime(new Date(r.expiresAt))} ({formatIn(r.expiresAt)})
            </time>
          </Fact>
          <Fact label={view.needed.rules.length === 1 ? "Rule" : "Rules"}>{view.needed.rules.map((x) => x.name).join(", ") || "—"}</Fact>
        </dl>
        {r.message ? (
          <blockquote className="border-l-2 border-slate-300 pl-3 text-sm whitespace-pre-line text-slate-700" data-testid="approval-message">
            {r.message}
          </blockquote>
        ) : (
          <p className="text-sm text-slate-500">No message.</p>
        )}
        {r.autoCommit ? <p className="text-sm text-slate-600">Once approved, it is committed automatically on {mine ? "your" : "the requester's"} behalf.</p> : null}
        <VoteList votes={r.votes} />

        {view.mayDecide ? (
          <div className="border-t border-slate-200 pt-4">
            <p className="mb-3 text-sm text-slate-600">Check the preview below — the figures and every row&apos;s before → after — then decide.</p>
            <DecideForm batchId={view.batchId} />
          </div>
        ) : mine ? (
          <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-4">
            <p className="flex items-center gap-2 text-sm text-slate-700" data-testid="approval-waiting">
              <Hourglass aria-hidden className="size-4 text-amber-700" />
              Waiting for approval. You are notified when someone decides.
            </p>
            {canAct ? (
              <Button variant="secondary" size="sm" onClick={() => (discard.reset(), setWithdrawing(true))}>
                <Undo2 aria-hidden />
                Withdraw
              </Button>
            ) : null}
          </div>
        ) : (
          <Alert tone="info">
            {voted ? "You have decided on this request; it needs another approver." : "You may not decide on this request: an approver must be allowed to run the batch themselves."}
          </Alert>
        )}
      </CardContent>
      <ConfirmDialog
        open={withdrawing}
        onOpenChange={(o) => !o && setWithdrawing(false)}
        title="Withdraw this request?"
        confirmLabel="Withdraw and discard"
        pending={discard.isPending}
        onConfirm={() => discard.mutate({ batchId: view.batchId })}
        error={<MutationError error={discard.error} title="The request was not withdrawn" />}
      >
        <p>The request is withdrawn and the preview discarded. Nothing was changed and nothing will be.</p>
      </ConfirmDialog>
    </Card>
  );
}
