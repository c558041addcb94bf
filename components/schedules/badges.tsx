import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ScheduleRow } from "./types";

const SCHEDULE: Record<ScheduleRow["state"], { tone: BadgeTone; label: string }> = {
  active: { tone: "success", label: "Active" },
  paused: { tone: "warning", label: "Paused" },
  stopped: { tone: "danger", label: "Stopped" },
};

/** A schedule's state in a word: whether it ticks. */
export function ScheduleStateBadge({ state }: { state: ScheduleRow["state"] }) {
  const look = SCHEDULE[state];
  return (
    <Badge tone={look.tone} data-testid="schedule-state">
      {look.label}
    </Badge>
  );
}

const RUN: Record<string, { tone: BadgeTone; label: string }> = {
  due: { tone: "neutral", label: "Due" },
  planning: { tone: "info", label: "Planning" },
  committed: { tone: "success", label: "Committed" },
  held: { tone: "warning", label: "Held at preview" },
  skipped: { tone: "neutral", label: "Skipped" },
  failed: { tone: "danger", label: "Failed" },
  stopped: { tone: "danger", label: "Stopped" },
};

/** A run's outcome: committed on its own, held at its preview by the guard, skipped, failed or stopped. */
export function RunStateBadge({ state }: { state: string }) {
  const look = RUN[state] ?? { tone: "neutral" as const, label: state };
  return (
    <Badge tone={look.tone} data-testid="run-state">
      {look.label}
    </Badge>
  );
}

/** Whether a run may still change: it is being planned, or its committed batch has not ended. */
export const runIsLive = (r: { state: string; batch: { state: string } | null }) =>
  r.state === "due" || r.state === "planning" || (r.batch !== null && ["planning", "queued", "running", "paused"].includes(r.batch.state));
