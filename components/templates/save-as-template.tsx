"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { FileStack } from "lucide-react";
import { useId, useState } from "react";
import { toast } from "sonner";
import { safeErrorMessage } from "@/components/errors/safe-error-message";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** "Save as template" on a batch page: names the template and saves the batch's selection and operation, then opens Templates. */
export function SaveAsTemplate({ batchId }: { batchId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const save = useMutation(
    trpc.templates.fromBatch.mutationOptions({
      onSuccess: async (t) => {
        toast.success(`Saved template “${t.name}”`);
        // The list may be cached from an earlier visit: it must show the new one.
        await queryClient.invalidateQueries({ queryKey: trpc.templates.list.queryKey() });
        router.push("/templates");
      },
    }),
  );
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        <FileStack aria-hidden />
        Save as template
      </Button>
      <DialogRoot open={open} onOpenChange={setOpen}>
        <DialogContent
          title="Save as template"
          description="The batch's rows selection and operation, to run again later (an edit of the template can add parameters)."
          footer={
            <DialogActions onCancel={() => setOpen(false)} form={id} pending={save.isPending}>
              Save template
            </DialogActions>
          }
        >
          <form
            id={id}
            onSubmit={(e) => {
              e.preventDefault();
              if (!save.isPending) save.mutate({ batchId, name: name.trim() || undefined });
            }}
          >
            <Label htmlFor={`${id}-name`}>Name</Label>
            <Input id={`${id}-name`} className="mt-1.5" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder="e.g. Weekly draft cleanup" />
            {save.isError ? <p className="mt-2 text-sm text-red-700">{safeErrorMessage(save.error, "The template could not be saved.")}</p> : null}
          </form>
        </DialogContent>
      </DialogRoot>
    </>
  );
}
