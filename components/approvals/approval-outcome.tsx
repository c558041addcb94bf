import { formatDateTime } from "@/components/format/time";
import { Alert } from "@/components/ui/alert";
import type { BatchState } from "@/components/batches/types";
import type { ApprovalView } from "./types";

const names = (votes: NonNullable<ApprovalView["request"]>["votes"], decision: string) =>
  votes
    .filter((v) => v.decision === decision)
    .map((v) => v.user.name || v.user.email)
    .join(" and ");

/**
 * How a decided request ended, on its batch's page: approved (commit it, or committed
 * automatically), rejected with the reason, withdrawn. Nothing while it waits or when none was asked.
 */
export function ApprovalOutcome({ view, state, lastError }: { view: ApprovalView | undefined; state: BatchState; lastError: string | null }) {
  const r = view?.request;
  if (!r || state === "awaiting_approval") return null;
  const when = r.decidedAt ? formatDateTime(new Date(r.decidedAt)) : null;
  if (r.state === "approved") {
    const by = names(r.votes, "approve");
    if (state === "previewed") {
      return (
        <Alert tone="info" title={`Approved by ${by} — commit it`}>
          <span data-testid="approval-outcome">
            {when ? `Approved ${when}. ` : ""}The approval holds for this preview until {formatDateTime(new Date(r.expiresAt))}; rows changed since the dry run still end as conflicts.
          </span>
        </Alert>
      );
    }
    return (
      <Alert tone="info" title={r.autoCommit ? `Approved by ${by} — committed automatically` : `Approved by ${by}`}>
        <span data-testid="approval-outcome">{when ? `Approved ${when}.` : null}</span>
      </Alert>
    );
  }
  if (r.state === "rejected") {
    return (
      <Alert tone="danger" title="Approval rejected">
        <span data-testid="approval-outcome" className="whitespace-pre-line">
          {lastError ?? `Rejected by ${names(r.votes, "reject")}.`} Nothing was changed; prepare the batch again if it is still needed.
        </span>
      </Alert>
    );
  }
  if (r.state === "withdrawn") {
    return (
      <Alert tone="info" title="Request withdrawn">
        <span data-testid="approval-outcome">
          {r.requestedBy.name || r.requestedBy.email} withdrew the request{when ? ` on ${when}` : ""}; the preview was discarded and nothing was changed.
        </span>
      </Alert>
    );
  }
  return null;
}
