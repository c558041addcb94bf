"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { MutationError } from "@/components/errors/mutation-error";
import { formatCount } from "@/components/format/count";
import { useTRPC } from "@/components/providers/trpc";
import { Checkbox } from "@/components/ui/checkbox";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { FormulaOption } from "./formula-option";
import type { inferRouterInputs } from "@trpc/server";
import { EXPORT_FORMAT_LABEL, EXPORT_FORMATS, FILE_RETENTION_DAYS, type ExportFormat } from "@/server/contracts/exports";
import type { AppRouter } from "@/server/trpc/router";

type ExportTarget = inferRouterInputs<AppRouter>["exports"]["create"]["target"];


/**
 * Exports the table's current selection (picked rows, or every row matching the filter less the
 * unticked ones) and opens its batch page to watch it and download the file.
 */
export function ExportSelectionDialog({
  resource,
  target,
  count,
  onClose,
}: {
  resource: string;
  target: ExportTarget;
  count: number;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const options = useQuery(trpc.exports.options.queryOptions());
  const [format, setFormat] = useState<ExportFormat>("csv");
  const [includeSensitive, setIncludeSensitive] = useState(false);
  const [escapeFormulas, setEscapeFormulas] = useState(true);
  const create = useMutation(
    trpc.exports.create.mutationOptions({
      onSuccess: (batch) => {
        onClose();
        router.push(`/batches/${batch.id}`);
      },
    }),
  );
  return (
    <DialogRoot open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title={`Export ${formatCount(count)} ${count === 1 ? "row" : "rows"}`}
        description={`Written in the background; the file is kept for ${FILE_RETENTION_DAYS} days.`}
        footer={
          <DialogActions onCancel={onClose} pending={create.isPending} onAction={() => create.mutate({ resource, target, format, includeSensitive, escapeFormulas })}>
            Start export
          </DialogActions>
        }
      >
        <div className="space-y-4">
          <div>
            <Label htmlFor={`${id}-format`}>Format</Label>
            <Select id={`${id}-format`} className="mt-1.5 w-full" value={format} onChange={(e) => setFormat(EXPORT_FORMATS.find((f) => f === e.target.value) ?? "csv")}>
              {EXPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {EXPORT_FORMAT_LABEL[f]}
                </option>
              ))}
            </Select>
          </div>
          <FormulaOption format={format} checked={escapeFormulas} onChange={setEscapeFormulas} />
          {options.data?.mayIncludeSensitive ? (
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <Checkbox checked={includeSensitive} onChange={(e) => setIncludeSensitive(e.target.checked)} />
              Include sensitive fields
            </label>
          ) : (
            <p className="text-xs text-slate-500">Sensitive fields are left out: only admins may export them.</p>
          )}
          <MutationError error={create.error} title="The export could not start" fallback="Try again in a moment." />
        </div>
      </DialogContent>
    </DialogRoot>
  );
}
