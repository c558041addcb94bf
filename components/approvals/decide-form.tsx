"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Check, X } from "lucide-react";
import { useId, useState } from "react";
import { toast } from "sonner";
import { MutationError } from "@/components/errors/mutation-error";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";

/** An approver's Approve or Reject, with a comment (a rejection must say why: the requester reads it). */
export function DecideForm({ batchId }: { batchId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [comment, setComment] = useState("");
  const [missingReason, setMissingReason] = useState(false);
  const decide = useMutation(
    trpc.approvals.decide.mutationOptions({
      onSuccess: (view, input) => {
        queryClient.setQueryData(trpc.approvals.get.queryKey({ batchId }), view);
        void queryClient.invalidateQueries({ queryKey: trpc.batch.status.queryKey({ batchId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.approvals.list.queryKey() });
        toast.success(input.decision === "approve" ? (view.request?.state === "approved" ? "Approved" : "Your approval is counted") : "Rejected");
      },
    }),
  );
  const send = (decision: "approve" | "reject") => {
    if (decision === "reject" && !comment.trim()) return setMissingReason(true);
    setMissingReason(false);
    decide.mutate({ batchId, decision, comment });
  };

  return (
    <div className="space-y-3" role="group" aria-label="Your decision">
      <div>
        <Label htmlFor={`${id}-comment`}>Comment</Label>
        <Textarea
          id={`${id}-comment`}
          className="mt-1.5 min-h-16"
          placeholder="What you checked, or why not"
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          aria-invalid={missingReason || undefined}
          aria-describedby={missingReason ? `${id}-comment-error` : undefined}
        />
        <FieldError id={`${id}-comment-error`}>{missingReason ? "Say why you reject it: the requester reads this." : null}</FieldError>
      </div>
      <MutationError error={decide.error} title="Your decision was not recorded" />
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" className="text-red-700" disabled={decide.isPending} onClick={() => send("reject")}>
          {decide.isPending && decide.variables?.decision === "reject" ? <Spinner /> : <X aria-hidden />}
          Reject
        </Button>
        <Button disabled={decide.isPending} onClick={() => send("approve")}>
          {decide.isPending && decide.variables?.decision === "approve" ? <Spinner /> : <Check aria-hidden />}
          Approve
        </Button>
      </div>
    </div>
  );
}
