"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarClock, Copy, FileStack, Play, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { QueryError } from "@/components/errors/query-error";
import { safeErrorMessage } from "@/components/errors/safe-error-message";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, Td, Th } from "@/components/ui/table";
import { RunTemplateDialog } from "./run-template-dialog";
import type { TemplateRow } from "./types";

const TARGETS: Record<TemplateRow["target"]["kind"], string> = { filter: "Filter", ids: "Fixed rows", idsAtRun: "Rows given at run" };

/** The templates page: the user's templates (an admin's: everyone's), run with parameters into a previewed batch. */
export function TemplatesView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.me.get.queryOptions());
  const list = useQuery(trpc.templates.list.queryOptions());
  const meta = useQuery({ ...trpc.resources.meta.queryOptions(), staleTime: 5 * 60_000 });
  const [running, setRunning] = useState<TemplateRow | null>(null);
  const [deleting, setDeleting] = useState<TemplateRow | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.templates.list.queryKey() });
  const duplicate = useMutation(
    trpc.templates.duplicate.mutationOptions({
      onSuccess: (t) => {
        toast.success(`Saved “${t.name}”`);
        refresh();
      },
      onError: (e) => toast.error(safeErrorMessage(e, "The template could not be copied.")),
    }),
  );
  const remove = useMutation(
    trpc.templates.delete.mutationOptions({
      onSuccess: () => {
        toast.success("Template deleted");
        setDeleting(null);
        refresh();
      },
    }),
  );
  const mayRun = me.data ? me.data.role !== "viewer" : false;
  const resourceLabel = (name: string) => meta.data?.find((r) => r.name === name)?.label ?? name;
  const rows = list.data ?? [];

  return (
    <div data-wide>
      <PageHeader
        title="Templates"
        description="Saved batches with parameters. Running one plans a normal batch to review and commit; each edit is a new version."
        actions={
          mayRun ? (
            <Button asChild>
              <Link href="/templates/new">
                <Plus aria-hidden />
                New template
              </Link>
            </Button>
          ) : null
        }
      />
      {list.isError && !list.data ? (
        <QueryError error={list.error} what="templates" onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <Card className="space-y-3 px-5 py-4" aria-busy>
          <Skeleton className="h-4 w-full" />
          <Skeleton className="h-4 w-5/6" />
        </Card>
      ) : rows.length === 0 ? (
        <EmptyState
          icon={FileStack}
          title="No templates yet"
          description={mayRun ? "Make one with “New template”, save one from a batch's page (“Save as template”), or through the API (POST /api/v1/batch/templates)." : "Templates run row operations, which your role does not."}
        />
      ) : (
        <Card>
          <Table aria-label="Templates">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Resource</Th>
                <Th>Operation</Th>
                <Th>Target</Th>
                <Th>Parameters</Th>
                <Th>Version</Th>
                {me.data?.role === "admin" ? <Th>Owner</Th> : null}
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody>
              {rows.map((t) => (
                <tr key={t.id}>
                  <Td>
                    <Link href={`/templates/${t.id}`} className="font-medium text-slate-900 hover:underline">
                      {t.name}
                    </Link>
                    {t.description ? <div className="text-xs text-slate-500">{t.description}</div> : null}
                  </Td>
                  <Td>{resourceLabel(t.resource)}</Td>
                  <Td className="font-mono text-xs">{t.operation.type}</Td>
                  <Td>{TARGETS[t.target.kind]}</Td>
                  <Td className="text-xs">{t.parameters.length ? t.parameters.map((p) => `${p.name}${p.required ? "*" : ""}: ${p.type}`).join(", ") : "—"}</Td>
                  <Td>v{t.currentVersion}</Td>
                  {me.data?.role === "admin" ? <Td className="text-xs">{t.ownerEmail}</Td> : null}
                  <Td className="text-right whitespace-nowrap">
                    {mayRun ? (
                      <>
                        <Button size="sm" onClick={() => setRunning(t)}>
                          <Play aria-hidden />
                          Run
                        </Button>{" "}
                        <Button asChild size="sm" variant="secondary">
                          <Link href={`/schedules/new?template=${t.id}`} aria-label={`Schedule ${t.name}`}>
                            <CalendarClock aria-hidden />
                            Schedule
                          </Link>
                        </Button>{" "}
                        <Button size="sm" variant="secondary" onClick={() => duplicate.mutate({ templateId: t.id })} disabled={duplicate.isPending} aria-label={`Duplicate ${t.name}`}>
                          <Copy aria-hidden />
                        </Button>{" "}
                        <Button size="sm" variant="secondary" onClick={() => setDeleting(t)} aria-label={`Delete ${t.name}`}>
                          <Trash2 aria-hidden />
                        </Button>
                      </>
                    ) : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
      {running ? <RunTemplateDialog template={running} onOpenChange={(open) => !open && setRunning(null)} /> : null}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title="Delete this template?"
        confirmLabel="Delete template"
        tone="danger"
        pending={remove.isPending}
        error={remove.isError ? safeErrorMessage(remove.error, "The template could not be deleted.") : null}
        onConfirm={() => deleting && remove.mutate({ templateId: deleting.id })}
      >
        <p className="text-sm text-slate-600">“{deleting?.name}” can no longer be run. Batches it made keep their history.</p>
      </ConfirmDialog>
    </div>
  );
}
