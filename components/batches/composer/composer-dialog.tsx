"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { MutationError } from "@/components/errors/mutation-error";
import { formatCount } from "@/components/format/count";
import { useTRPC } from "@/components/providers/trpc";
import type { ResourceMeta } from "@/components/resources/types";
import { Alert } from "@/components/ui/alert";
import { Checkbox } from "@/components/ui/checkbox";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { OPERATION_LABEL, type ComposableOperation } from "../operations";
import { AdvancedOptions } from "./advanced-options";
import { blankChange, buildOperation, DEFAULT_OPTIONS, editableFields, reachableStatuses, type ComposerForm, type FormErrors, type TargetInput } from "./build-operation";
import { describedBy, FieldShell } from "./field-shell";
import { UpdateEditor } from "./update-editor";

const WHAT: Record<ComposableOperation, string> = {
  update: "Set, adjust or clear fields on every selected row.",
  statusChange: "Move the selected rows to a new status. Rows whose current status does not allow it are reported as invalid.",
  archive: "Archive the selected rows. They leave the active list and can be restored.",
  restore: "Bring archived or trashed rows back to the active list.",
  softDelete: "Move the selected rows to the trash. They can be restored.",
  hardDelete: "Delete the selected rows for good. This cannot be reverted.",
};

const SCOPE_WORDS: Record<string, string> = { active: "in the active list", archived: "in the archive", deleted: "in the trash", all: "in the table" };

/** Flattened zod errors from the server, mapped onto the form's own keys where they fit. */
function serverFieldErrors(error: unknown): FormErrors {
  const data = (error as { data?: { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } }).data;
  const out: FormErrors = {};
  for (const [k, v] of Object.entries(data?.zodError?.fieldErrors ?? {})) if (v?.[0]) out[k === "options" ? "options.chunkSize" : k] = v[0];
  return out;
}

/** Composes one operation on the selected rows and runs the dry run ("Preview"). */
export function ComposerDialog({
  meta,
  operation,
  target,
  count,
  onClose,
}: {
  meta: ResourceMeta;
  operation: ComposableOperation;
  target: TargetInput;
  count: number;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const formId = useId();
  const fields = editableFields(meta);
  const statuses = reachableStatuses(meta);
  const [form, setForm] = useState<ComposerForm>(() => ({
    changes: fields[0] ? [blankChange(1, fields[0])] : [],
    to: "",
    reason: "",
    force: false,
    location: "",
    options: DEFAULT_OPTIONS,
  }));
  const [errors, setErrors] = useState<FormErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const validate = useMutation(trpc.batch.validate.mutationOptions());
  const set = (patch: Partial<ComposerForm>) => {
    const next = { ...form, ...patch };
    setForm(next);
    // Once the user has tried to submit, errors follow their edits.
    if (submitted) {
      const r = buildOperation(meta, operation, next);
      setErrors(r.ok ? {} : r.errors);
    }
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    const built = buildOperation(meta, operation, form);
    if (!built.ok) {
      setErrors(built.errors);
      const first = document.querySelector<HTMLElement>(`#${CSS.escape(formId)} [aria-invalid="true"]`);
      first?.focus();
      return;
    }
    setErrors({});
    validate.mutate(
      { resource: meta.name, target, operation: built.operation, options: built.options },
      {
        onSuccess: (summary) => router.push(`/batches/${summary.id}`),
        onError: (err) => setErrors(serverFieldErrors(err)),
      },
    );
  };

  const selected = statuses.find((s) => s.to === form.to);
  const label = OPERATION_LABEL[operation];
  const noun = count === 1 ? meta.singular : meta.label.toLowerCase();
  const targetText =
    target.kind === "filter"
      ? `all ${formatCount(count)} ${noun} ${target.selection.filter || target.selection.q ? "matching the current filter" : SCOPE_WORDS[target.selection.scope ?? "active"]}${target.excludeIds?.length ? ` (less ${formatCount(target.excludeIds.length)} deselected)` : ""}`
      : `${formatCount(count)} selected ${noun}`;

  return (
    <DialogRoot open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        side
        // Start in the first field rather than on the close button.
        onOpenAutoFocus={(e) => {
          const first = document.getElementById(formId)?.querySelector<HTMLElement>("select, input, textarea");
          if (first) {
            e.preventDefault();
            first.focus();
          }
        }}
        title={`${label}: ${meta.label}`}
        description={
          <>
            {WHAT[operation]} Applies to <strong className="font-medium text-slate-700">{targetText}</strong>.
          </>
        }
        footer={
          <DialogActions onCancel={onClose} form={formId} pending={validate.isPending} pendingLabel="Preparing preview…">
            Preview changes
          </DialogActions>
        }
      >
        <form id={formId} onSubmit={submit} noValidate className="space-y-5">
          <p className="text-sm text-slate-600">Nothing changes yet: the preview shows every row&apos;s before and after, and you commit from there.</p>

          {operation === "update" ? (
            fields.length ? (
              <UpdateEditor fields={fields} changes={form.changes} onChange={(changes) => set({ changes })} errors={errors} />
            ) : (
              <Alert tone="info">{meta.label} have no fields a batch may edit.</Alert>
            )
          ) : null}

          {operation === "statusChange" ? (
            <>
              <FieldShell
                id="status-to"
                label="New status"
                error={errors.to}
                hint={selected ? `Allowed from: ${selected.from.join(", ")}. Rows in other states will be invalid${meta.canForce ? " unless forced" : ""}.` : undefined}
              >
                <Select {...describedBy("status-to", errors.to, Boolean(selected))} className="w-full" value={form.to} onChange={(e) => set({ to: e.target.value })}>
                  <option value="">Choose…</option>
                  {statuses.map((s) => (
                    <option key={s.to} value={s.to}>
                      {s.to.replace(/_/g, " ")}
                    </option>
                  ))}
                </Select>
              </FieldShell>
              {meta.canForce ? (
                <label className="flex items-start gap-2 text-sm text-slate-700">
                  <Checkbox className="mt-0.5" checked={form.force} onChange={(e) => set({ force: e.target.checked })} />
                  <span>
                    Force the change
                    <span className="block text-xs text-slate-500">Also move rows whose current status does not allow this transition. Admins only; recorded in the audit log.</span>
                  </span>
                </label>
              ) : null}
            </>
          ) : null}

          {operation === "statusChange" || operation === "softDelete" || operation === "archive" ? (
            <FieldShell id="reason" label="Reason" hint="Kept with the batch and in the audit log." error={errors.reason}>
              <Textarea {...describedBy("reason", errors.reason, true)} value={form.reason} maxLength={600} onChange={(e) => set({ reason: e.target.value })} />
            </FieldShell>
          ) : null}

          {operation === "archive" && meta.archiveHasLocation ? (
            <FieldShell id="location" label="Archive location (optional)" hint="Where the originals are kept, e.g. a box or shelf." error={errors.location}>
              <Input {...describedBy("location", errors.location, true)} value={form.location} onChange={(e) => set({ location: e.target.value })} />
            </FieldShell>
          ) : null}

          {operation === "hardDelete" ? (
            <Alert tone="danger" title="Permanent">
              Deleted rows cannot be brought back by a revert. You will confirm by typing the count before anything is deleted.
            </Alert>
          ) : null}

          <AdvancedOptions value={form.options} onChange={(options) => set({ options })} errors={errors} />

          <MutationError error={validate.error} title="The preview could not be prepared" />
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
