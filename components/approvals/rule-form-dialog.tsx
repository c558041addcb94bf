"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { OPERATION_LABEL } from "@/components/batches/operations";
import { MutationError } from "@/components/errors/mutation-error";
import { useTRPC } from "@/components/providers/trpc";
import { fieldErrors } from "@/components/users/field-errors";
import { Checkbox } from "@/components/ui/checkbox";
import { DialogActions } from "@/components/ui/dialog-actions";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { ROW_OPERATION_TYPES } from "@/server/contracts/approvals";
import type { ApprovalRule } from "./types";

type Operation = (typeof ROW_OPERATION_TYPES)[number];
// Viewers run no batches, so a rule about them would never match.
const REQUESTER_ROLES = ["operator", "admin"] as const;

type Draft = {
  name: string;
  description: string;
  enabled: boolean;
  resource: string;
  operation: Operation | "";
  toStatus: string;
  minRows: string;
  requesterRoles: ApprovalRule["requesterRoles"];
  sensitiveFields: boolean;
  approvalsNeeded: 1 | 2;
};

const draftOf = (r: ApprovalRule | null): Draft => ({
  name: r?.name ?? "",
  description: r?.description ?? "",
  enabled: r?.enabled ?? true,
  resource: r?.resource ?? "",
  operation: r?.operation ?? "",
  toStatus: r?.toStatus ?? "",
  minRows: r?.minRows === null || r?.minRows === undefined ? "" : String(r.minRows),
  requesterRoles: r?.requesterRoles ?? [],
  sensitiveFields: r?.sensitiveFields ?? false,
  approvalsNeeded: r?.approvalsNeeded === 2 ? 2 : 1,
});

/** New or edited approval rule: the conditions a batch must all meet to need approval, and how many approvers. */
export function RuleFormDialog({ rule, open, onOpenChange }: { rule: ApprovalRule | null; open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [d, setD] = useState<Draft>(() => draftOf(rule));
  const [minRowsError, setMinRowsError] = useState<string | null>(null);
  const meta = useQuery({ ...trpc.resources.meta.queryOptions(), staleTime: 5 * 60_000 });
  const done = (verb: string) => () => {
    void queryClient.invalidateQueries({ queryKey: trpc.approvals.rules.queryKey() });
    toast.success(`Rule ${verb}`);
    onOpenChange(false);
  };
  const create = useMutation(trpc.approvals.createRule.mutationOptions({ onSuccess: done("added") }));
  const update = useMutation(trpc.approvals.updateRule.mutationOptions({ onSuccess: done("saved") }));
  const save = rule ? update : create;
  const errors = fieldErrors(save.error);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((prev) => ({ ...prev, [k]: v }));

  const resource = meta.data?.find((r) => r.name === d.resource);
  const statuses = resource?.status ? Object.keys(resource.status.transitions) : null;
  const statusApplies = d.operation === "" || d.operation === "statusChange";

  function submit(e: FormEvent) {
    e.preventDefault();
    const minRows = d.minRows.trim() === "" ? null : Number(d.minRows);
    if (minRows !== null && (!Number.isInteger(minRows) || minRows < 0)) return setMinRowsError("A whole number of rows, 0 or more; empty for any size.");
    setMinRowsError(null);
    const body = {
      name: d.name,
      description: d.description,
      enabled: d.enabled,
      resource: d.resource || null,
      operation: d.operation || null,
      toStatus: statusApplies && d.toStatus.trim() ? d.toStatus.trim() : null,
      minRows,
      requesterRoles: d.requesterRoles,
      sensitiveFields: d.sensitiveFields,
      approvalsNeeded: d.approvalsNeeded,
    };
    if (rule) update.mutate({ ruleId: rule.id, ...body });
    else create.mutate(body);
  }

  return (
    <DialogRoot open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title={rule ? `Edit rule “${rule.name}”` : "New approval rule"}
        description="A previewed batch that meets every condition set here waits for approval before it can be committed. Leave a condition empty to match any."
        className="max-w-xl"
        footer={
          <DialogActions onCancel={() => onOpenChange(false)} form={`${id}-form`} pending={save.isPending} pendingLabel="Saving…">
            {rule ? "Save rule" : "Add rule"}
          </DialogActions>
        }
      >
        <form id={`${id}-form`} onSubmit={submit} noValidate className="space-y-4" aria-label={rule ? "Edit approval rule" : "New approval rule"}>
          <div>
            <Label htmlFor={`${id}-name`}>Name</Label>
            <Input id={`${id}-name`} className="mt-1.5" value={d.name} onChange={(e) => set("name", e.target.value)} autoComplete="off" aria-invalid={errors.name ? true : undefined} aria-describedby={`${id}-name-error`} />
            <FieldError id={`${id}-name-error`}>{errors.name}</FieldError>
          </div>
          <div>
            <Label htmlFor={`${id}-description`}>Description (optional)</Label>
            <Textarea id={`${id}-description`} className="mt-1.5 min-h-14" value={d.description} onChange={(e) => set("description", e.target.value)} />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <Label htmlFor={`${id}-resource`}>Resource</Label>
              <Select id={`${id}-resource`} className="mt-1.5 w-full" value={d.resource} onChange={(e) => setD((p) => ({ ...p, resource: e.target.value, toStatus: "" }))}>
                <option value="">Any resource</option>
                {meta.data?.map((r) => (
                  <option key={r.name} value={r.name}>
                    {r.label}
                  </option>
                ))}
              </Select>
            </div>
            <div>
              <Label htmlFor={`${id}-operation`}>Operation</Label>
              <Select id={`${id}-operation`} className="mt-1.5 w-full" value={d.operation} onChange={(e) => set("operation", ROW_OPERATION_TYPES.find((o) => o === e.target.value) ?? "")}>
                <option value="">Any operation</option>
                {ROW_OPERATION_TYPES.map((o) => (
                  <option key={o} value={o}>
                    {OPERATION_LABEL[o]}
                  </option>
                ))}
              </Select>
            </div>
            {statusApplies ? (
              <div>
                <Label htmlFor={`${id}-status`}>Status changed to</Label>
                {statuses ? (
                  <Select id={`${id}-status`} className="mt-1.5 w-full" value={d.toStatus} onChange={(e) => set("toStatus", e.target.value)}>
                    <option value="">Any status</option>
                    {statuses.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </Select>
                ) : (
                  <Input id={`${id}-status`} className="mt-1.5" placeholder="Any status" value={d.toStatus} onChange={(e) => set("toStatus", e.target.value)} aria-invalid={errors.toStatus ? true : undefined} aria-describedby={`${id}-status-error`} />
                )}
                <FieldError id={`${id}-status-error`}>{errors.toStatus}</FieldError>
              </div>
            ) : null}
            <div>
              <Label htmlFor={`${id}-min-rows`}>More than … rows change</Label>
              <Input
                id={`${id}-min-rows`}
                className="mt-1.5"
                inputMode="numeric"
                placeholder="Any size"
                value={d.minRows}
                onChange={(e) => set("minRows", e.target.value)}
                aria-invalid={minRowsError || errors.minRows ? true : undefined}
                aria-describedby={`${id}-min-rows-error`}
              />
              <FieldError id={`${id}-min-rows-error`}>{minRowsError ?? errors.minRows}</FieldError>
            </div>
          </div>
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">Requested by</legend>
            <div className="mt-1.5 flex flex-wrap gap-4 text-sm text-slate-700">
              {REQUESTER_ROLES.map((role) => (
                <label key={role} className="flex items-center gap-2">
                  <Checkbox
                    checked={d.requesterRoles.includes(role)}
                    onChange={(e) => set("requesterRoles", e.target.checked ? [...d.requesterRoles, role] : d.requesterRoles.filter((r) => r !== role))}
                  />
                  {role === "admin" ? "Admins" : "Operators"}
                </label>
              ))}
              <span className="text-slate-500">None ticked: anyone.</span>
            </div>
          </fieldset>
          <label className="flex items-center gap-2.5 text-sm text-slate-700">
            <Checkbox checked={d.sensitiveFields} onChange={(e) => set("sensitiveFields", e.target.checked)} />
            Only when it changes a sensitive field
          </label>
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <Label htmlFor={`${id}-approvers`}>Approvers needed</Label>
              <Select id={`${id}-approvers`} className="mt-1.5 w-full" value={String(d.approvalsNeeded)} onChange={(e) => set("approvalsNeeded", e.target.value === "2" ? 2 : 1)}>
                <option value="1">1 approver</option>
                <option value="2">2 approvers</option>
              </Select>
            </div>
            <label className="flex items-center gap-2.5 self-end pb-2 text-sm text-slate-700">
              <Checkbox checked={d.enabled} onChange={(e) => set("enabled", e.target.checked)} />
              Enabled
            </label>
          </div>
          {save.error && !Object.keys(errors).length ? <MutationError error={save.error} title="Rule not saved" /> : null}
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
