"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Check, Trash } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { MutationError } from "@/components/errors/mutation-error";
import { countOf, formatCount } from "@/components/format/count";
import { useTRPC } from "@/components/providers/trpc";
import { RequestApprovalForm } from "@/components/approvals/request-approval-form";
import type { ApprovalView } from "@/components/approvals/types";
import type { ResourceMeta } from "@/components/resources/types";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DESTRUCTIVE } from "./operations";
import { useProgressHub } from "./progress-context";
import { notifyFinished } from "./finish-toast";
import type { BatchSummary } from "./types";

function SummaryCard({ label, value, tone, hint, testId }: { label: string; value: string; tone?: string; hint?: string; testId?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className={cn("mt-1 text-2xl font-semibold tracking-tight tabular-nums", tone ?? "text-slate-900")} data-testid={testId}>
        {value}
      </dd>
      {hint ? <p className="mt-0.5 text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}

/**
 * The dry run's figures, then Commit (confirmed, typed for destructive operations) or Discard; for a
 * preview that needs approval, the request for it instead of Commit; while it waits, the figures only
 * (the approver reviews them; the approval card decides or withdraws).
 */
export function PreviewPanel({ batch, meta, canAct, approval }: { batch: BatchSummary; meta: ResourceMeta | undefined; canAct: boolean; approval?: ApprovalView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hub = useProgressHub();
  const router = useRouter();
  const [asking, setAsking] = useState<"commit" | "discard" | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.batch.status.queryKey({ batchId: batch.id }) });
  const commit = useMutation(
    trpc.batch.execute.mutationOptions({
      onSuccess: () => {
        setAsking(null);
        hub.track(batch.id, (p) => notifyFinished(p, { resource: meta?.label ?? batch.resource, operation: batch.operation.type, kind: batch.kind, batchId: batch.id, open: router.push }));
        refresh();
      },
    }),
  );
  const discard = useMutation(trpc.batch.discard.mutationOptions({ onSuccess: () => (setAsking(null), refresh()) }));

  const p = batch.preview;
  const fields = new Map(meta?.fields.map((f) => [f.name, f.label]) ?? []);
  const strictBlocked = batch.options.validation === "strict" && p.invalid > 0;
  const destructive = DESTRUCTIVE.has(batch.operation.type);
  const noun = p.willChange === 1 ? (meta?.singular ?? "row") : (meta?.label.toLowerCase() ?? "rows");
  const skipped = p.unchanged + p.invalid;
  const discardButton = (
    <Button variant="secondary" onClick={() => (discard.reset(), setAsking("discard"))}>
      <Trash aria-hidden />
      Discard
    </Button>
  );

  return (
    <section aria-labelledby="preview-heading" className="space-y-4">
      <h2 id="preview-heading" className="sr-only">
        Preview
      </h2>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <SummaryCard testId="preview-will-change" label="Will change" value={formatCount(p.willChange)} tone={p.willChange ? "text-emerald-700" : "text-slate-400"} hint={`of ${countOf(p.total, "row")}`} />
        <SummaryCard testId="preview-unchanged" label="Unchanged" value={formatCount(p.unchanged)} hint="Already as requested" />
        <SummaryCard testId="preview-invalid" label="Invalid" value={formatCount(p.invalid)} tone={p.invalid ? "text-red-700" : "text-slate-400"} hint={p.invalid ? (batch.options.validation === "strict" ? "Block the commit (strict)" : "Will be skipped") : "None"} />
        <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs">
          <dt className="text-xs font-medium text-slate-500">Changes by field</dt>
          <dd className="mt-1.5 flex flex-wrap gap-1" data-testid="preview-by-field">
            {p.fieldsTouched.length ? (
              p.fieldsTouched.map((f) => (
                <span key={f} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">
                  {fields.get(f) ?? f}
                  {p.fieldChanges[f] !== undefined ? <span className="ml-1 font-normal text-slate-500 tabular-nums">{formatCount(p.fieldChanges[f])}</span> : null}
                </span>
              ))
            ) : (
              <span className="text-sm text-slate-500">{batch.operation.type === "hardDelete" ? "Whole rows (deleted)" : "None"}</span>
            )}
          </dd>
        </div>
      </dl>

      {!canAct || batch.state !== "previewed" ? null : batch.allowedActions.includes("requestApproval") ? (
        <RequestApprovalForm batchId={batch.id} approval={approval} disabled={p.willChange === 0 || strictBlocked} discard={discardButton} />
      ) : (
        <Card className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
          <p className="text-sm text-slate-600">
            {!batch.allowedActions.includes("commit")
              ? "You cannot commit this batch now: a later operation of a batch job commits on its own once the one before it has finished, and a batch previewed with a wider role than yours must be previewed again."
              : p.willChange === 0
              ? "Nothing would change, so there is nothing to commit."
              : strictBlocked
                ? "Validation is strict and some rows are invalid: fix them or prepare the batch again in lenient mode."
                : `Nothing has changed yet. Commit to apply ${countOf(p.willChange, "change")}${skipped ? `; ${countOf(skipped, "row")} will be skipped` : ""}.`}
          </p>
          <div className="flex gap-2">
            {discardButton}
            {batch.allowedActions.includes("commit") ? (
              <Button variant={destructive ? "danger" : "primary"} disabled={p.willChange === 0 || strictBlocked} onClick={() => (commit.reset(), setAsking("commit"))}>
                <Check aria-hidden />
                Commit
              </Button>
            ) : null}
          </div>
        </Card>
      )}

      <ConfirmDialog
        open={asking === "commit"}
        onOpenChange={(o) => !o && setAsking(null)}
        title={destructive ? `Delete ${formatCount(p.willChange)} ${noun} permanently?` : `Commit ${countOf(p.willChange, "change")}?`}
        confirmLabel={destructive ? `Delete ${formatCount(p.willChange)} ${noun}` : `Commit ${countOf(p.willChange, "change")}`}
        tone={destructive ? "danger" : "primary"}
        pending={commit.isPending}
        typeToConfirm={destructive ? { text: String(p.willChange), label: `Type ${p.willChange} to confirm` } : undefined}
        onConfirm={() => commit.mutate({ batchId: batch.id })}
        error={<MutationError error={commit.error} title="The batch was not committed" />}
      >
        <p>
          <strong className="text-slate-900">
            {formatCount(p.willChange)} {noun}
          </strong>{" "}
          will change{skipped ? <>; {formatCount(p.unchanged)} unchanged and {formatCount(p.invalid)} invalid rows are skipped</> : null}. It runs in the background: you can follow it, pause or
          cancel it{destructive ? "" : ", and revert it afterwards"}.
        </p>
        {destructive ? (
          <Alert tone="danger" title="This deletes rows permanently">
            They are removed from the table, not moved to the trash.
          </Alert>
        ) : null}
      </ConfirmDialog>

      <ConfirmDialog
        open={asking === "discard"}
        onOpenChange={(o) => !o && setAsking(null)}
        title="Discard this preview?"
        confirmLabel="Discard preview"
        pending={discard.isPending}
        onConfirm={() => discard.mutate({ batchId: batch.id })}
        error={<MutationError error={discard.error} title="The preview was not discarded" />}
      >
        <p>Nothing was changed and nothing will be. The preview stays listed as discarded.</p>
      </ConfirmDialog>
    </section>
  );
}
