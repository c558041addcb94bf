"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ArrowLeft, CalendarClock, Pencil, Play } from "lucide-react";
import { useState } from "react";
import { QueryError } from "@/components/errors/query-error";
import { formatDateTime } from "@/components/format/time";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, Td, Th } from "@/components/ui/table";
import { RunTemplateDialog } from "./run-template-dialog";
import { TemplateForm } from "./template-form";

const json = (v: unknown) => JSON.stringify(v, null, 2);

/** A template's page: its newest version as stored, its version history, and Edit (which saves the next version) and Run. */
export function TemplateView({ templateId }: { templateId: string }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const template = useQuery(trpc.templates.get.queryOptions({ templateId }));
  const versions = useQuery(trpc.templates.versions.queryOptions({ templateId }));
  const meta = useQuery({ ...trpc.resources.meta.queryOptions(), staleTime: 5 * 60_000 });
  const [editing, setEditing] = useState(false);
  const [running, setRunning] = useState(false);
  const mayEdit = me.data ? me.data.role !== "viewer" : false;

  if (template.isError && !template.data) return <QueryError error={template.error} what="the template" onRetry={() => void template.refetch()} />;
  const t = template.data;
  if (!t) {
    return (
      <Card className="space-y-3 px-5 py-4" aria-busy>
        <Skeleton className="h-4 w-full" />
        <Skeleton className="h-4 w-5/6" />
      </Card>
    );
  }
  const resource = meta.data?.find((r) => r.name === t.resource)?.label ?? t.resource;

  return (
    <div data-wide className="space-y-6">
      <PageHeader
        title={editing ? `Edit “${t.name}”` : t.name}
        description={editing ? `Saving makes version ${t.currentVersion + 1}; batches and schedules that ran version ${t.currentVersion} keep it.` : `${resource} · version ${t.currentVersion}${t.description ? ` · ${t.description}` : ""}`}
        actions={
          editing ? null : (
            <>
              {mayEdit ? (
                <>
                  <Button size="sm" onClick={() => setRunning(true)}>
                    <Play aria-hidden />
                    Run
                  </Button>
                  <Button asChild size="sm" variant="secondary">
                    <Link href={`/schedules/new?template=${t.id}`}>
                      <CalendarClock aria-hidden />
                      Schedule
                    </Link>
                  </Button>
                  <Button size="sm" variant="secondary" onClick={() => setEditing(true)}>
                    <Pencil aria-hidden />
                    Edit
                  </Button>
                </>
              ) : null}
              <Button asChild variant="ghost" size="sm">
                <Link href="/templates">
                  <ArrowLeft aria-hidden />
                  All templates
                </Link>
              </Button>
            </>
          )
        }
      />
      {editing ? (
        <TemplateForm key={t.currentVersion} template={t} onDone={() => setEditing(false)} />
      ) : (
        <>
          <Card className="px-5 py-4">
            <h2 className="mb-3 text-sm font-semibold text-slate-900">Parameters</h2>
            {t.parameters.length === 0 ? (
              <p className="text-sm text-slate-600">No parameters.</p>
            ) : (
              <Table aria-label="Parameters">
                <thead>
                  <tr>
                    <Th>Name</Th>
                    <Th>Type</Th>
                    <Th>Required</Th>
                    <Th>Default</Th>
                    <Th>Allowed values</Th>
                    <Th>Description</Th>
                  </tr>
                </thead>
                <tbody>
                  {t.parameters.map((p) => (
                    <tr key={p.name}>
                      <Td className="font-mono text-xs">{p.name}</Td>
                      <Td>{p.type}</Td>
                      <Td>{p.required ? "yes" : "no"}</Td>
                      <Td>{p.default === undefined ? "—" : String(p.default)}</Td>
                      <Td>{p.enum?.join(", ") ?? "—"}</Td>
                      <Td>{p.description ?? "—"}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
          <div className="grid gap-6 lg:grid-cols-2">
            <Card className="px-5 py-4">
              <h2 className="mb-2 text-sm font-semibold text-slate-900">Target</h2>
              <pre className="overflow-x-auto text-xs text-slate-700" data-testid="template-target">{json(t.target)}</pre>
            </Card>
            <Card className="px-5 py-4">
              <h2 className="mb-2 text-sm font-semibold text-slate-900">Operation</h2>
              <pre className="overflow-x-auto text-xs text-slate-700" data-testid="template-operation">{json(t.operation)}</pre>
            </Card>
          </div>
          <Card className="px-5 py-4 text-sm text-slate-700">
            <h2 className="mb-2 text-sm font-semibold text-slate-900">Options</h2>
            Validation {t.options.validation} · on error {t.options.onError} · chunks of {t.options.chunkSize} · {t.options.maxParallel} in parallel · {t.options.retries} retries
          </Card>
        </>
      )}
      <Card className="px-5 py-4">
        <h2 className="mb-3 text-sm font-semibold text-slate-900">Version history</h2>
        {versions.isError && !versions.data ? (
          <QueryError error={versions.error} what="the versions" onRetry={() => void versions.refetch()} />
        ) : (
          <Table aria-label="Versions">
            <thead>
              <tr>
                <Th>Version</Th>
                <Th>Name</Th>
                <Th>Saved</Th>
                <Th>By</Th>
              </tr>
            </thead>
            <tbody>
              {(versions.data ?? []).map((v) => (
                <tr key={v.version}>
                  <Td>v{v.version}{v.version === t.currentVersion ? " (current)" : ""}</Td>
                  <Td>{v.name}</Td>
                  <Td className="whitespace-nowrap">{formatDateTime(new Date(v.createdAt))}</Td>
                  <Td className="text-xs">{v.createdBy}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {running ? <RunTemplateDialog template={t} onOpenChange={(open) => !open && setRunning(false)} /> : null}
    </div>
  );
}
