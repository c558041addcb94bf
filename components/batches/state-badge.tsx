import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { BatchState } from "./types";

const LOOK: Record<BatchState, { tone: BadgeTone; label: string; dot?: string }> = {
  planning: { tone: "neutral", label: "Planning" },
  previewed: { tone: "info", label: "Preview" },
  awaiting_approval: { tone: "warning", label: "Awaiting approval" },
  queued: { tone: "neutral", label: "Queued", dot: "bg-slate-400" },
  running: { tone: "info", label: "Running", dot: "bg-blue-500 animate-pulse" },
  paused: { tone: "warning", label: "Paused" },
  completed: { tone: "success", label: "Completed" },
  completed_with_errors: { tone: "warning", label: "Completed with errors" },
  failed: { tone: "danger", label: "Failed" },
  cancelled: { tone: "neutral", label: "Cancelled" },
  discarded: { tone: "neutral", label: "Discarded" },
};

export const stateLabel = (s: BatchState) => LOOK[s]?.label ?? s;

/** The colour of a batch's progress bar: how it went, or that it waits. */
export function progressTone(s: BatchState): "danger" | "warning" | "success" | "muted" | "neutral" {
  if (s === "failed") return "danger";
  if (s === "completed_with_errors" || s === "paused") return "warning";
  if (s === "completed") return "success";
  return s === "cancelled" ? "muted" : "neutral";
}

/** The batch's state in a word, coloured by how it went. */
export function StateBadge({ state }: { state: BatchState }) {
  const look = LOOK[state] ?? { tone: "neutral" as const, label: state };
  return (
    <Badge tone={look.tone} data-testid="batch-state">
      {look.dot ? <span aria-hidden className={`size-1.5 rounded-full ${look.dot}`} /> : null}
      {look.label}
    </Badge>
  );
}
