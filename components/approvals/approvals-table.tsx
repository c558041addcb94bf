"use client";
import Link from "next/link";
import { OPERATION_LABEL } from "@/components/batches/operations";
import { stateLabel } from "@/components/batches/state-badge";
import { formatCount } from "@/components/format/count";
import { formatAgo, formatDateTime } from "@/components/format/time";
import { useNow } from "@/components/batches/use-now";
import { Table, Td, Th } from "@/components/ui/table";
import { BATCH_STATES } from "@/server/contracts/batch";
import { formatIn } from "./approval-request-card";
import { ApprovalStateBadge } from "./approval-state-badge";
import type { ApprovalListItem } from "./types";

const operationLabel = (op: string) => Object.entries(OPERATION_LABEL).find(([k]) => k === op)?.[1] ?? op;
const batchStateLabel = (s: string) => {
  const state = BATCH_STATES.find((x) => x === s);
  return state ? stateLabel(state) : s;
};

/** Requests for approval, one row per batch: what it changes, who asked and when, and how far it got. */
export function ApprovalsTable({ items, resourceLabel, caption }: { items: ApprovalListItem[]; resourceLabel: (name: string) => string; caption: string }) {
  const now = useNow(true, 30_000);
  return (
    <Table aria-label={caption}>
      <thead>
        <tr>
          <Th>Batch</Th>
          <Th>Resource</Th>
          <Th className="text-right">Rows changing</Th>
          <Th className="text-right">Invalid</Th>
          <Th>Requested by</Th>
          <Th>Expires</Th>
          <Th className="text-right">Approvals</Th>
          <Th>State</Th>
        </tr>
      </thead>
      <tbody>
        {items.map((a) => (
          <tr key={a.batchId} data-testid="approval-row" className="hover:bg-slate-50/60">
            <Td className="max-w-72">
              <Link href={`/batches/${a.batchId}`} className="font-medium text-slate-900 hover:underline">
                {operationLabel(a.operation)}
              </Link>
              {a.message ? <div className="truncate text-xs text-slate-500" title={a.message}>{a.message}</div> : null}
              <div className="truncate text-xs text-slate-400">{a.rules.map((r) => r.name).join(", ")}</div>
            </Td>
            <Td className="whitespace-nowrap">{resourceLabel(a.resource)}</Td>
            <Td className="text-right tabular-nums">{formatCount(a.willChange)}</Td>
            <Td className={a.invalid ? "text-right text-red-700 tabular-nums" : "text-right text-slate-400 tabular-nums"}>{formatCount(a.invalid)}</Td>
            <Td className="whitespace-nowrap">
              <div className="text-slate-900">{a.requestedBy.name || a.requestedBy.email}</div>
              <time dateTime={a.requestedAt} title={formatDateTime(new Date(a.requestedAt))} className="text-xs text-slate-500" suppressHydrationWarning>
                {formatAgo(new Date(a.requestedAt), now)}
              </time>
            </Td>
            <Td className="whitespace-nowrap text-xs text-slate-600">
              {a.state === "pending" || (a.state === "approved" && a.batchState === "previewed") ? (
                <time dateTime={a.expiresAt} title={formatDateTime(new Date(a.expiresAt))} suppressHydrationWarning>
                  {formatIn(a.expiresAt, now)}
                </time>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </Td>
            <Td className="text-right whitespace-nowrap tabular-nums">
              {a.approvals} of {a.approvalsNeeded}
            </Td>
            <Td className="whitespace-nowrap">
              <ApprovalStateBadge state={a.state} />
              <div className="mt-0.5 text-xs text-slate-500">Batch: {batchStateLabel(a.batchState).toLowerCase()}</div>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
