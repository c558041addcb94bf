"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Layers } from "lucide-react";
import Link from "next/link";
import { parseAsInteger, parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { useId } from "react";
import { Pagination } from "@/components/data-table/pagination";
import { QueryError } from "@/components/errors/query-error";
import { countOf, formatCount } from "@/components/format/count";
import { formatAgo, formatDateTime } from "@/components/format/time";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, Td, Th } from "@/components/ui/table";
import { OPERATION_LABEL } from "./operations";
import { useBatchProgress } from "./progress-context";
import { progressTone, StateBadge, stateLabel } from "./state-badge";
import { BATCH_STATES } from "@/server/contracts/batch";
import type { BatchListRow } from "./types";

const PAGE_SIZE = 25;
// Planning batches are not listed (their preview is still being made).
const STATES = BATCH_STATES.filter((s) => s !== "planning");
const listParams = { state: parseAsStringLiteral(STATES), resource: parseAsString, actor: parseAsString, page: parseAsInteger.withDefault(1) };

function ProgressCell({ batch }: { batch: BatchListRow }) {
  // Running batches follow their stream; the rest show the figures the list came with.
  const stream = useBatchProgress(batch.id, batch.progress.state === "queued" || batch.progress.state === "running");
  const p = stream.progress ?? batch.progress;
  const showsProgress = !["previewed", "discarded", "planning"].includes(p.state);
  return (
    <>
      <Td>
        <StateBadge state={p.state} />
      </Td>
      <Td className="w-48">
        {showsProgress ? (
          <div className="flex items-center gap-2">
            <ProgressBar
              size="sm"
              value={p.percent}
              label={`Progress of this batch`}
              tone={progressTone(p.state)}
            />
            <span className="w-11 text-right text-xs text-slate-500 tabular-nums">{Math.floor(p.percent)}%</span>
          </div>
        ) : (
          <span className="text-xs text-slate-400">{p.state === "previewed" ? "Waiting for commit" : "—"}</span>
        )}
      </Td>
      <Td className="text-right text-xs whitespace-nowrap text-slate-600 tabular-nums">
        {p.state === "previewed" || p.state === "discarded" ? (
          <span>{countOf(p.total, "row")}</span>
        ) : (
          <span title={`${p.counts.succeeded} succeeded, ${p.counts.unchanged} unchanged, ${p.counts.invalid} invalid, ${p.counts.conflict} conflicts, ${p.counts.failed} failed`}>
            <span className="text-emerald-700">{formatCount(p.counts.succeeded)}</span> ok
            {p.counts.failed + p.counts.conflict + p.counts.invalid > 0 ? (
              <>
                {" · "}
                <span className="text-red-700">{formatCount(p.counts.failed + p.counts.conflict + p.counts.invalid)}</span> not applied
              </>
            ) : null}
          </span>
        )}
      </Td>
    </>
  );
}

/** Every batch the user may see, newest first, filterable by state, resource and who started it. */
export function BatchesList() {
  const trpc = useTRPC();
  const ids = { state: useId(), resource: useId(), actor: useId() };
  const [params, set] = useQueryStates(listParams, { history: "push" });
  const me = useQuery(trpc.me.get.queryOptions());
  const meta = useQuery({ ...trpc.resources.meta.queryOptions(), staleTime: 5 * 60_000 });
  const isAdmin = me.data?.role === "admin";
  const actors = useQuery({ ...trpc.batch.actors.queryOptions(), enabled: isAdmin, staleTime: 60_000 });
  // "me" or a user's id; an id that is mine reads as "me".
  const actorId = params.actor === "me" ? me.data?.id : (params.actor ?? undefined);
  const input = {
    page: params.page,
    pageSize: PAGE_SIZE,
    ...(params.state ? { state: params.state } : {}),
    ...(params.resource ? { resource: params.resource } : {}),
    ...(actorId ? { createdById: actorId } : {}),
  };
  const list = useQuery({ ...trpc.batch.list.queryOptions(input), placeholderData: keepPreviousData, enabled: params.actor !== "me" || Boolean(me.data) });
  const labels = new Map(meta.data?.map((r) => [r.name, r.label]) ?? []);
  const filtered = Boolean(params.state || params.resource || params.actor);

  if (list.isError && !list.data) return <QueryError error={list.error} what="batches" onRetry={() => void list.refetch()} />;

  const rows = list.data?.batches ?? [];
  if (list.data && list.data.total === 0 && !filtered) {
    return (
      <EmptyState
        icon={Layers}
        title="No batches yet"
        description="Batches you start from a resource appear here with their progress, results and any rows that failed."
        action={
          <Button asChild variant="secondary">
            <Link href="/resources">Browse resources</Link>
          </Button>
        }
      />
    );
  }

  return (
    <Card aria-busy={list.isFetching} data-testid="batches-card" className={list.isPlaceholderData ? "[&_tbody]:opacity-60" : undefined}>
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-3 text-sm">
        <label htmlFor={ids.state} className="text-slate-600">
          State
        </label>
        <Select id={ids.state} size="sm" value={params.state ?? ""} onChange={(e) => void set({ state: STATES.find((s) => s === e.target.value) ?? null, page: null })}>
          <option value="">Any</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {stateLabel(s)}
            </option>
          ))}
        </Select>
        <label htmlFor={ids.resource} className="text-slate-600">
          Resource
        </label>
        <Select id={ids.resource} size="sm" value={params.resource ?? ""} onChange={(e) => void set({ resource: e.target.value || null, page: null })}>
          <option value="">Any</option>
          {meta.data?.map((r) => (
            <option key={r.name} value={r.name}>
              {r.label}
            </option>
          ))}
        </Select>
        {isAdmin ? (
          <>
            <label htmlFor={ids.actor} className="text-slate-600">
              Started by
            </label>
            <Select id={ids.actor} size="sm" value={params.actor ?? ""} onChange={(e) => void set({ actor: e.target.value || null, page: null })}>
              <option value="">Anyone</option>
              <option value="me">Me</option>
              {actors.data
                ?.filter((u) => u.id !== me.data?.id)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name || u.email}
                  </option>
                ))}
              {params.actor && params.actor !== "me" && !actors.data?.some((u) => u.id === params.actor) ? <option value={params.actor}>Another user</option> : null}
            </Select>
          </>
        ) : null}
        {filtered ? (
          <Button variant="ghost" size="sm" onClick={() => void set({ state: null, resource: null, actor: null, page: null })}>
            Clear filters
          </Button>
        ) : null}
      </div>
      <Table>
        <caption className="sr-only">Batches, newest first</caption>
        <thead>
          <tr>
            <Th>Batch</Th>
            <Th>Resource</Th>
            <Th>Started by</Th>
            <Th>Created</Th>
            <Th>State</Th>
            <Th>Progress</Th>
            <Th className="text-right">Rows</Th>
          </tr>
        </thead>
        <tbody>
          {list.isPending
            ? Array.from({ length: 6 }, (_, i) => (
                <tr key={i} aria-hidden>
                  <Td colSpan={7}>
                    <Skeleton className="h-4 w-full" />
                  </Td>
                </tr>
              ))
            : rows.map((b) => (
                <tr key={b.id} className="hover:bg-slate-50 last:[&>td]:border-b-0" data-testid="batch-row">
                  <Td>
                    <Link href={`/batches/${b.id}`} className="rounded-sm font-medium text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900">
                      {b.origin === "revert" ? "Revert" : (OPERATION_LABEL[b.operation as keyof typeof OPERATION_LABEL] ?? b.operation)}
                    </Link>
                    {b.origin === "retry" ? <span className="ml-1.5 text-xs text-slate-500">(retry)</span> : null}
                  </Td>
                  <Td>{labels.get(b.resource) ?? b.resource}</Td>
                  <Td className="whitespace-nowrap">{b.createdBy.name || b.createdBy.email}</Td>
                  <Td className="whitespace-nowrap">
                    <time dateTime={new Date(b.createdAt).toISOString()} title={formatDateTime(new Date(b.createdAt))} suppressHydrationWarning>
                      {formatAgo(new Date(b.createdAt))}
                    </time>
                  </Td>
                  <ProgressCell batch={b} />
                </tr>
              ))}
          {list.data && rows.length === 0 ? (
            <tr>
              <Td colSpan={7} className="py-10 text-center text-slate-500">
                No batches match these filters.
              </Td>
            </tr>
          ) : null}
        </tbody>
      </Table>
      <Pagination page={params.page} pageSize={PAGE_SIZE} total={list.data?.total} sizes={[PAGE_SIZE]} onPage={(n) => void set({ page: n })} what="batches" />
    </Card>
  );
}
