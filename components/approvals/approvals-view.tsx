"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { parseAsStringLiteral, useQueryState } from "nuqs";
import { QueryError } from "@/components/errors/query-error";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { ApprovalsTable } from "./approvals-table";
import { RulesCard } from "./rules-card";

const TABS = [
  { id: "toDecide", label: "To decide", empty: "Nothing waits for your decision.", hint: "Requests you may approve or reject appear here." },
  { id: "mine", label: "Mine", empty: "You have not asked for any approval.", hint: "A preview that matches a rule offers “Request approval” instead of Commit." },
  { id: "all", label: "All", empty: "No requests for approval yet.", hint: "Every request you may see, newest first." },
  { id: "rules", label: "Rules", empty: "", hint: "" },
] as const;
type Tab = (typeof TABS)[number]["id"];
const tabParam = parseAsStringLiteral(TABS.map((t) => t.id)).withDefault("toDecide");

function Requests({ view }: { view: Exclude<Tab, "rules"> }) {
  const trpc = useTRPC();
  // Requests come and go as others ask and decide: look again every 10 s.
  const list = useQuery({ ...trpc.approvals.list.queryOptions({ view, limit: 100 }), refetchInterval: 10_000, placeholderData: keepPreviousData });
  const resources = useQuery({ ...trpc.resources.list.queryOptions(), staleTime: 5 * 60_000 });
  const label = (name: string) => resources.data?.find((r) => r.name === name)?.label ?? name;
  const tab = TABS.find((t) => t.id === view)!;
  if (list.error) return <QueryError error={list.error} what="requests for approval" onRetry={() => void list.refetch()} />;
  if (!list.data) return <Skeleton className="h-40 w-full" />;
  if (list.data.length === 0) return <EmptyState icon={ShieldCheck} title={tab.empty} description={tab.hint} />;
  return (
    <Card aria-busy={list.isFetching && list.isPlaceholderData} data-testid="approvals-card">
      <ApprovalsTable items={list.data} resourceLabel={label} caption={`Requests for approval: ${tab.label}`} />
    </Card>
  );
}

/** Requests for approval (to decide, mine, all) and the rules that make batches need one. */
export function ApprovalsView({ isAdmin }: { isAdmin: boolean }) {
  const [tab, setTab] = useQueryState("tab", tabParam);
  return (
    <div className="space-y-4">
      <div role="tablist" aria-label="Approvals" className="flex gap-1 border-b border-slate-200">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`approvals-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls="approvals-panel"
            onClick={() => void setTab(t.id === "toDecide" ? null : t.id)}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-slate-900",
              tab === t.id ? "border-slate-900 text-slate-900" : "border-transparent text-slate-500 hover:text-slate-900",
            )}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="approvals-panel" aria-labelledby={`approvals-tab-${tab}`}>
        {tab === "rules" ? <RulesCard isAdmin={isAdmin} /> : <Requests key={tab} view={tab} />}
      </div>
    </div>
  );
}
