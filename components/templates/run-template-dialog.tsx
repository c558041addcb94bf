"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { safeErrorMessage } from "@/components/errors/safe-error-message";
import { useTRPC } from "@/components/providers/trpc";
import { fieldErrors } from "@/components/users/field-errors";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { initialParamText, ParameterFields, paramsToSend, parseIds } from "./parameter-fields";
import type { TemplateRow } from "./types";

/**
 * Asks for a template's parameters, one field per parameter by its type, and runs it: the dry run is
 * a previewed batch, opened on its page to review and commit. The server checks the values; its
 * field errors show under their fields.
 */
export function RunTemplateDialog({ template, onOpenChange }: { template: TemplateRow; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(template.parameters.map((p) => [p.name, initialParamText(p)])));
  const [ids, setIds] = useState("");
  const run = useMutation(trpc.templates.run.mutationOptions({ onSuccess: (r) => router.push(`/batches/${r.batch.id}`) }));
  const errors = fieldErrors(run.error);
  const idsAtRun = template.target.kind === "idsAtRun";

  const submit = () => {
    run.mutate({ templateId: template.id, params: paramsToSend(values), ...(idsAtRun ? { ids: parseIds(ids) } : {}) });
  };
  const otherError = run.isError && Object.keys(errors).length === 0 ? safeErrorMessage(run.error, "The template could not be run.") : null;

  return (
    <DialogRoot open onOpenChange={onOpenChange}>
      <DialogContent
        title={`Run “${template.name}”`}
        description="A dry run: nothing changes until you commit the previewed batch."
        footer={
          <DialogActions onCancel={() => onOpenChange(false)} form={id} pending={run.isPending} pendingLabel="Planning…">
            Preview batch
          </DialogActions>
        }
      >
        <form
          id={id}
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (!run.isPending) submit();
          }}
        >
          {template.parameters.length === 0 && !idsAtRun ? <p className="text-sm text-slate-600">This template takes no parameters.</p> : null}
          <ParameterFields idPrefix={id} parameters={template.parameters} values={values} onChange={setValues} errors={errors} />
          {idsAtRun ? (
            <div>
              <Label htmlFor={`${id}-ids`}>Row ids</Label>
              <Input id={`${id}-ids`} className="mt-1.5" placeholder="e.g. 12, 15, 20" value={ids} onChange={(e) => setIds(e.target.value)} />
              <FieldError id={`${id}-ids-error`}>{errors.ids}</FieldError>
            </div>
          ) : null}
          {otherError ? <p className="text-sm text-red-700">{otherError}</p> : null}
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
