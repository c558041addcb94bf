"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { MutationError } from "@/components/errors/mutation-error";
import { formatCount } from "@/components/format/count";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Checkbox } from "@/components/ui/checkbox";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { inferRouterInputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";
import { FETCH_CONCURRENCY } from "@/server/contracts/media";

type FetchTarget = inferRouterInputs<AppRouter>["media"]["fetch"]["target"];

/**
 * Downloads the selected media files' source URLs into storage in the background, then opens the
 * batch page to watch each file and download the results.
 */
export function FetchFilesDialog({ target, count, onClose }: { target: FetchTarget; count: number; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const options = useQuery(trpc.media.fetchOptions.queryOptions());
  const [concurrency, setConcurrency] = useState<number | null>(null);
  const [force, setForce] = useState(false);
  const create = useMutation(
    trpc.media.fetch.mutationOptions({
      onSuccess: (batch) => {
        onClose();
        router.push(`/batches/${batch.id}`);
      },
    }),
  );
  const limits = options.data;
  const parallel = concurrency ?? limits?.concurrency.default ?? FETCH_CONCURRENCY.default;
  const tooMany = limits !== undefined && count > limits.maxFiles;
  const range = limits ? Array.from({ length: limits.concurrency.max - limits.concurrency.min + 1 }, (_, i) => limits.concurrency.min + i) : [parallel];

  return (
    <DialogRoot open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title={`Fetch ${formatCount(count)} ${count === 1 ? "file" : "files"}`}
        description="The worker downloads each file's source URL into storage; files already downloaded are skipped."
        footer={
          <DialogActions onCancel={onClose} pending={create.isPending} disabled={tooMany} onAction={() => create.mutate({ target, concurrency: parallel, force })}>
            Start fetch
          </DialogActions>
        }
      >
        <div className="space-y-4">
          <div>
            <Label htmlFor={`${id}-parallel`}>Downloads at once</Label>
            <Select id={`${id}-parallel`} className="mt-1.5 w-full" value={parallel} onChange={(e) => setConcurrency(Number(e.target.value))}>
              {range.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </Select>
            <p className="mt-1 text-xs text-slate-500">Fewer is gentler on the servers the files come from.</p>
          </div>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <Checkbox checked={force} onChange={(e) => setForce(e.target.checked)} />
            Download again files that are already downloaded
          </label>
          {tooMany ? (
            <Alert tone="warning" title="Too many files for one fetch">
              A fetch takes at most {formatCount(limits.maxFiles)} files. Narrow the selection and fetch in parts.
            </Alert>
          ) : null}
          <MutationError error={create.error} title="The fetch could not start" fallback="Try again in a moment." />
        </div>
      </DialogContent>
    </DialogRoot>
  );
}
