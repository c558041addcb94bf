import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ApprovalListItem } from "./types";

const LOOK: Record<ApprovalListItem["state"], { tone: BadgeTone; label: string }> = {
  pending: { tone: "warning", label: "Waiting" },
  approved: { tone: "success", label: "Approved" },
  rejected: { tone: "danger", label: "Rejected" },
  expired: { tone: "neutral", label: "Expired" },
  withdrawn: { tone: "neutral", label: "Withdrawn" },
};

/** Where a request for approval stands. */
export function ApprovalStateBadge({ state }: { state: ApprovalListItem["state"] }) {
  const look = LOOK[state];
  return (
    <Badge tone={look.tone} data-testid="approval-state">
      {look.label}
    </Badge>
  );
}
