"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { OctagonX, Pause, Play, RotateCcw, Undo2 } from "lucide-react";
import type { LucideIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { MutationError } from "@/components/errors/mutation-error";
import { formatCount } from "@/components/format/count";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { BatchAction, BatchProgress, BatchSummary } from "./types";

const CONTROLS = ["pause", "resume", "cancel", "retryFailed", "revert"] as const satisfies readonly BatchAction[];
type Action = (typeof CONTROLS)[number];

const COPY: Record<Action, { label: string; icon: LucideIcon; title: string; confirm: string; tone?: "danger" }> = {
  pause: { label: "Pause", icon: Pause, title: "Pause this batch?", confirm: "Pause" },
  resume: { label: "Resume", icon: Play, title: "Resume this batch?", confirm: "Resume" },
  cancel: { label: "Cancel batch", icon: OctagonX, title: "Cancel this batch?", confirm: "Cancel batch", tone: "danger" },
  retryFailed: { label: "Retry failed rows", icon: RotateCcw, title: "Retry the failed rows?", confirm: "Prepare retry" },
  revert: { label: "Revert", icon: Undo2, title: "Revert this batch?", confirm: "Prepare revert" },
};

// The server says what the batch allows (`allowedActions`, from its state machine and kind); the
// controls only word it.
const isControl = (a: BatchAction): a is Action => (CONTROLS as readonly string[]).includes(a);

function body(action: Action, p: BatchProgress, kind: BatchSummary["kind"]) {
  const left = formatCount(Math.max(0, p.total - p.processed));
  if (action === "cancel" && kind === "export") return <p>The export stops where it is and no partial file is kept.</p>;
  if (action === "cancel" && kind === "fetch") {
    return <p>Downloads in flight are stopped and nothing half-downloaded is kept. Files already fetched stay; the {left} files not yet fetched are left alone.</p>;
  }
  switch (action) {
    case "pause":
      return <p>Workers stop after the chunk in progress; nothing is left half-done. {left} rows wait until you resume.</p>;
    case "resume":
      return <p>Workers pick up the remaining {left} rows where they stopped.</p>;
    case "cancel":
      return (
        <p>
          The {left} rows not yet processed will not be changed. Rows already changed stay changed; you can revert them afterwards. A cancelled batch cannot be resumed.
        </p>
      );
    case "retryFailed":
      return (
        <p>
          A new batch is prepared for the {formatCount(p.counts.failed + p.counts.conflict)} rows that failed or conflicted, planned against their current values. You see its preview
          before anything runs.
        </p>
      );
    case "revert":
      return (
        <p>
          A new batch is prepared that puts back the values these {formatCount(p.counts.succeeded)} rows had before. Rows changed by someone else since are flagged and left alone. You see its
          preview before anything runs.
        </p>
      );
  }
}

/** Pause, resume, cancel, retry failed, revert: each offered only when the state allows it, each confirmed. */
export function BatchControls({ batch, progress }: { batch: BatchSummary; progress: BatchProgress }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<Action | null>(null);
  const opts = {
    onSuccess: () => {
      setAsking(null);
      void queryClient.invalidateQueries({ queryKey: trpc.batch.status.queryKey({ batchId: batch.id }) });
    },
  };
  const pause = useMutation(trpc.batch.pause.mutationOptions(opts));
  const resume = useMutation(trpc.batch.resume.mutationOptions(opts));
  const cancel = useMutation(trpc.batch.cancel.mutationOptions(opts));
  const derived = {
    onSuccess: (next: BatchSummary) => {
      setAsking(null);
      toast.success("Preview ready", { description: `${formatCount(next.preview.willChange)} rows would change. Check it and commit.` });
      router.push(`/batches/${next.id}`);
    },
  };
  const retry = useMutation(trpc.batch.retryFailed.mutationOptions(derived));
  const revert = useMutation(trpc.batch.revert.mutationOptions(derived));
  const mutations = { pause, resume, cancel, retryFailed: retry, revert };
  // The live progress says what the batch allows now (the summary may be a moment older).
  const actions = progress.allowedActions.filter(isControl);
  if (actions.length === 0) return null;
  const current = asking ? mutations[asking] : null;

  return (
    <div className="flex flex-wrap gap-2" role="group" aria-label="Batch controls">
      {actions.map((a) => {
        const { label, icon: Icon, tone } = COPY[a];
        return (
          <Button
            key={a}
            variant={tone === "danger" ? "secondary" : a === "resume" ? "primary" : "secondary"}
            size="sm"
            className={tone === "danger" ? "text-red-700" : undefined}
            onClick={() => {
              current?.reset();
              setAsking(a);
            }}
          >
            <Icon aria-hidden />
            {label}
          </Button>
        );
      })}
      {asking ? (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setAsking(null)}
          title={COPY[asking].title}
          confirmLabel={COPY[asking].confirm}
          tone={COPY[asking].tone === "danger" ? "danger" : "primary"}
          pending={current?.isPending}
          onConfirm={() => current?.mutate({ batchId: batch.id })}
          error={<MutationError error={current?.error} title="That did not work" />}
        >
          {body(asking, progress, batch.kind)}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
