import { Check, X } from "lucide-react";
import { formatDateTime } from "@/components/format/time";
import type { ApprovalRequest } from "./types";

/** Each approver's vote, oldest first, with their comment. */
export function VoteList({ votes }: { votes: ApprovalRequest["votes"] }) {
  if (votes.length === 0) return null;
  return (
    <ul className="space-y-2" aria-label="Votes">
      {votes.map((v) => (
        <li key={v.user.id} className="flex gap-2.5 text-sm" data-testid="approval-vote">
          <span
            className={
              v.decision === "approve"
                ? "mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full bg-emerald-50 text-emerald-700 ring-1 ring-emerald-600/20"
                : "mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full bg-red-50 text-red-700 ring-1 ring-red-600/20"
            }
          >
            {v.decision === "approve" ? <Check aria-hidden className="size-3" /> : <X aria-hidden className="size-3" />}
          </span>
          <div className="min-w-0">
            <p className="text-slate-900">
              <span className="font-medium">{v.user.name || v.user.email}</span> {v.decision === "approve" ? "approved" : "rejected"}
              <span className="text-slate-500">
                {" "}
                · <time dateTime={v.at}>{formatDateTime(new Date(v.at))}</time>
              </span>
            </p>
            {v.comment ? <p className="mt-0.5 break-words whitespace-pre-line text-slate-600">{v.comment}</p> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
