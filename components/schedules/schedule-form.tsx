"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";
import { MutationError } from "@/components/errors/mutation-error";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { initialParamText, ParameterFields } from "@/components/templates/parameter-fields";
import type { TemplateRow } from "@/components/templates/types";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { DEFAULT_GUARD } from "@/server/contracts/schedules";
import { bodyOf, changedGroups, localErrors, serverErrors, timingErrors, timingFieldsOf, timingOf, withoutEdited, type ScheduleFields } from "./form-model";
import { TimingFields } from "./timing-fields";
import { TimingPreview } from "./timing-preview";
import type { ScheduleRow } from "./types";
import { useDebounced } from "./use-debounced";

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** The fields of a new schedule (of `template`, when one was chosen), or of `schedule` to edit. */
function initialFields(schedule: ScheduleRow | null, template: TemplateRow | null): ScheduleFields {
  if (schedule) {
    const on = schedule.notification;
    return {
      name: schedule.name,
      description: schedule.description,
      templateId: schedule.templateId,
      version: String(schedule.templateVersion),
      params: Object.fromEntries(Object.entries(schedule.params).map(([k, v]) => [k, v === null ? "" : String(v)])),
      ids: schedule.ids.join(", "),
      timing: timingFieldsOf(schedule.timing),
      maxRows: String(schedule.guard.maxRows),
      allowInvalid: schedule.guard.allowInvalid,
      allowConflicts: schedule.guard.allowConflicts,
      completionEmails: (on.on_completion?.email ?? []).join(", "),
      completionWebhook: on.on_completion?.webhook ?? "",
      failureEmails: (on.on_failure?.email ?? []).join(", "),
      severity: on.on_failure?.severity ?? "",
    };
  }
  return {
    name: template ? `${template.name} (scheduled)` : "",
    description: "",
    templateId: template?.id ?? "",
    version: template ? String(template.currentVersion) : "",
    params: Object.fromEntries((template?.parameters ?? []).map((p) => [p.name, initialParamText(p)])),
    ids: "",
    timing: { frequency: "daily", time: "06:00", minute: "00", dayOfWeek: "1", dayOfMonth: "1", cron: "", timezone: browserZone() },
    maxRows: String(DEFAULT_GUARD.maxRows),
    allowInvalid: false,
    allowConflicts: false,
    completionEmails: "",
    completionWebhook: "",
    failureEmails: "",
    severity: "",
  };
}

function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>{title}</CardTitle>
          {description ? <CardDescription>{description}</CardDescription> : null}
        </div>
      </CardHeader>
      <CardContent className="space-y-4">{children}</CardContent>
    </Card>
  );
}

/**
 * New schedule or edit: a template version with its parameters (and rows, for a template given
 * them at run time), a timing beside its live preview (words and the next five runs in the zone),
 * the guard, and seed 003's notification block. Errors show at their fields.
 */
export function ScheduleForm({ schedule, templates, presetTemplateId }: { schedule: ScheduleRow | null; templates: TemplateRow[]; presetTemplateId?: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const [fields, setFields] = useState<ScheduleFields>(() => initialFields(schedule, templates.find((t) => t.id === presetTemplateId) ?? null));
  const [shownLocal, setShownLocal] = useState<Record<string, string>>({});
  // Groups of fields edited since the last "Save": their messages from then are stale.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const set = (patch: Partial<ScheduleFields>) => {
    const next = { ...fields, ...patch };
    setEdited((prev) => new Set([...prev, ...changedGroups(fields, next)]));
    setFields(next);
  };

  const chosen = templates.find((t) => t.id === fields.templateId) ?? null;
  const version = useQuery({
    ...trpc.templates.get.queryOptions({ templateId: fields.templateId, ...(fields.version ? { version: Number(fields.version) } : {}) }),
    enabled: fields.templateId !== "",
  });
  const template = version.data ?? null;
  const idsAtRun = template?.target.kind === "idsAtRun";

  const timing = useDebounced(fields.timing, 300);
  const timingProblems = useMemo(() => timingErrors(timing), [timing]);
  const timingOk = Object.keys(timingProblems).length === 0;
  const preview = useQuery({
    ...trpc.schedules.previewTiming.queryOptions({ timing: timingOf(timing), count: 5 }),
    enabled: timingOk,
    placeholderData: keepPreviousData,
    retry: false,
  });

  const save = useMutation({
    mutationFn: async (f: ScheduleFields) => {
      const body = bodyOf(f, idsAtRun);
      if (!schedule) return client.schedules.create.mutate(body);
      // The template itself stays; an edit may move its version.
      const { templateId: _template, ...rest } = body;
      return client.schedules.update.mutate({ scheduleId: schedule.id, ...rest });
    },
    onSuccess: async (s) => {
      toast.success(schedule ? `Saved “${s.name}”` : `Scheduled “${s.name}”`);
      await queryClient.invalidateQueries({ queryKey: trpc.schedules.list.queryKey() });
      await queryClient.invalidateQueries({ queryKey: trpc.schedules.get.queryKey({ scheduleId: s.id }) });
      router.push(`/schedules/${s.id}`);
    },
  });

  // What the server said (the save's refusal, or the preview's for a cron only it can check), over
  // what the browser's schema found when "Save" was pressed, and the timing's own problems as typed.
  const errors: Record<string, string> = {
    ...withoutEdited({ ...shownLocal, ...serverErrors(save.error) }, edited),
    ...(fields.timing === timing ? timingProblems : {}),
    ...serverErrors(preview.error),
  };
  const hasTimingDetail = Object.keys(errors).some((k) => k.startsWith("timing."));
  const problem = preview.error ? (errors["timing.cron"] ?? errors["timing.timezone"] ?? errors.timing ?? "This timing cannot be shown.") : !timingOk ? "Complete the timing to see when it runs." : null;
  const fieldKeys = new Set(["name", "description", "templateId", "ids", "timing", "guard", "notification"]);
  const shownAtField = Object.keys(serverErrors(save.error)).some((k) => fieldKeys.has(k.split(".")[0]!) || k.startsWith("params."));

  function submit(e: FormEvent) {
    e.preventDefault();
    const local = localErrors(fields, idsAtRun);
    setShownLocal(local);
    setEdited(new Set());
    if (Object.keys(local).length > 0) return;
    save.reset();
    save.mutate(fields);
  }

  const described = (key: string) => (errors[key] ? { "aria-invalid": true as const, "aria-describedby": `${id}-${key}-error` } : {});
  const err = (key: string) => <FieldError id={`${id}-${key}-error`}>{errors[key]}</FieldError>;

  return (
    <form onSubmit={submit} noValidate className="space-y-6" aria-label={schedule ? "Edit schedule" : "New schedule"}>
      <Section title="What it runs" description="A template version with fixed parameters. The schedule keeps this version until an edit moves it.">
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <Label htmlFor={`${id}-name`}>Name</Label>
            <Input id={`${id}-name`} className="mt-1.5" value={fields.name} onChange={(e) => set({ name: e.target.value })} {...described("name")} />
            {err("name")}
          </div>
          <div>
            <Label htmlFor={`${id}-description`}>Description</Label>
            <Input id={`${id}-description`} className="mt-1.5" value={fields.description} onChange={(e) => set({ description: e.target.value })} {...described("description")} />
            {err("description")}
          </div>
          <div>
            <Label htmlFor={`${id}-template`}>Template</Label>
            <Select
              id={`${id}-template`}
              className="mt-1.5 w-full"
              value={fields.templateId}
              disabled={schedule !== null}
              onChange={(e) => {
                const t = templates.find((x) => x.id === e.target.value) ?? null;
                set({ templateId: e.target.value, version: t ? String(t.currentVersion) : "", params: Object.fromEntries((t?.parameters ?? []).map((p) => [p.name, initialParamText(p)])) });
              }}
              {...described("templateId")}
            >
              <option value="">Choose a template…</option>
              {templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </Select>
            {err("templateId")}
          </div>
          <div>
            <Label htmlFor={`${id}-version`}>Version</Label>
            <Select id={`${id}-version`} className="mt-1.5 w-full" value={fields.version} disabled={!chosen} onChange={(e) => set({ version: e.target.value })} {...described("templateVersion")}>
              {chosen
                ? Array.from({ length: chosen.currentVersion }, (_, i) => chosen.currentVersion - i).map((v) => (
                    <option key={v} value={String(v)}>
                      v{v}
                      {v === chosen.currentVersion ? " (newest)" : ""}
                    </option>
                  ))
                : null}
            </Select>
            {err("templateVersion")}
          </div>
        </div>
        {!fields.templateId ? null : !template ? (
          <Skeleton className="h-9 w-full" />
        ) : (
          <>
            {template.parameters.length === 0 && !idsAtRun ? <p className="text-sm text-slate-500">This template takes no parameters.</p> : null}
            <div className="grid gap-4 sm:grid-cols-2">
              <ParameterFields idPrefix={`${id}-p`} parameters={template.parameters} values={fields.params} onChange={(params) => set({ params })} errors={errors} />
            </div>
            {idsAtRun ? (
              <div>
                <Label htmlFor={`${id}-ids`}>Row ids</Label>
                <Input id={`${id}-ids`} className="mt-1.5" placeholder="e.g. 12, 15, 20" value={fields.ids} onChange={(e) => set({ ids: e.target.value })} {...described("ids")} />
                <p className="mt-1 text-xs text-slate-500">This template is given its rows at each run; every run of the schedule acts on these.</p>
                {err("ids")}
              </div>
            ) : null}
          </>
        )}
      </Section>

      <Section title="When it runs">
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,20rem)]">
          <div>
            <TimingFields id={`${id}-t`} value={fields.timing} onChange={(timing) => set({ timing })} errors={errors} />
            {errors.timing && !hasTimingDetail ? <FieldError id={`${id}-timing-error`}>{errors.timing}</FieldError> : null}
          </div>
          <TimingPreview data={timingOk && !preview.error ? preview.data : undefined} pending={preview.isFetching} problem={problem} />
        </div>
      </Section>

      <Section
        title="Guard"
        description="Each run is a dry run first. It commits on its own only when its preview stays within this guard; otherwise it stops at the preview for someone to review, and notifies."
      >
        <div className="grid gap-4 sm:grid-cols-3">
          <div>
            <Label htmlFor={`${id}-max`}>Most rows it may change</Label>
            <Input id={`${id}-max`} className="mt-1.5" type="number" min={0} value={fields.maxRows} onChange={(e) => set({ maxRows: e.target.value })} {...described("guard.maxRows")} />
            {err("guard.maxRows")}
          </div>
          <label className="flex items-start gap-2.5 self-end rounded-md border border-slate-200 px-3 py-2 text-sm has-checked:border-slate-400">
            <Checkbox className="mt-0.5" checked={fields.allowInvalid} onChange={(e) => set({ allowInvalid: e.target.checked })} />
            <span>
              Allow invalid rows
              <span className="block text-xs text-slate-500">commit the valid ones, skip the rest</span>
            </span>
          </label>
          <label className="flex items-start gap-2.5 self-end rounded-md border border-slate-200 px-3 py-2 text-sm has-checked:border-slate-400">
            <Checkbox className="mt-0.5" checked={fields.allowConflicts} onChange={(e) => set({ allowConflicts: e.target.checked })} />
            <span>
              Allow rows in unfinished batches
              <span className="block text-xs text-slate-500">rows another queued or running batch will write</span>
            </span>
          </label>
        </div>
        {errors.guard && !errors["guard.maxRows"] ? <FieldError id={`${id}-guard-error`}>{errors.guard}</FieldError> : null}
      </Section>

      <Section title="Notifications" description="Optional. Who hears how each run ends.">
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <Label htmlFor={`${id}-c-email`}>On completion: e-mail</Label>
            <Input id={`${id}-c-email`} className="mt-1.5" placeholder="manager@example.com, …" value={fields.completionEmails} onChange={(e) => set({ completionEmails: e.target.value })} {...described("notification.on_completion.email")} />
            {err("notification.on_completion.email")}
          </div>
          <div>
            <Label htmlFor={`${id}-c-hook`}>On completion: webhook URL</Label>
            <Input id={`${id}-c-hook`} className="mt-1.5" placeholder="https://example.com/webhook" value={fields.completionWebhook} onChange={(e) => set({ completionWebhook: e.target.value })} {...described("notification.on_completion.webhook")} />
            {err("notification.on_completion.webhook")}
          </div>
          <div>
            <Label htmlFor={`${id}-f-email`}>On failure: e-mail</Label>
            <Input id={`${id}-f-email`} className="mt-1.5" placeholder="admin@example.com, …" value={fields.failureEmails} onChange={(e) => set({ failureEmails: e.target.value })} {...described("notification.on_failure.email")} />
            {err("notification.on_failure.email")}
          </div>
          <div>
            <Label htmlFor={`${id}-f-sev`}>On failure: severity</Label>
            <Select id={`${id}-f-sev`} className="mt-1.5 w-full" value={fields.severity} onChange={(e) => set({ severity: e.target.value })}>
              <option value="">(none)</option>
              {["low", "medium", "high", "critical"].map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </Select>
          </div>
        </div>
        {errors.notification && !Object.keys(errors).some((k) => k.startsWith("notification.")) ? <FieldError id={`${id}-notification-error`}>{errors.notification}</FieldError> : null}
      </Section>

      {save.error && !shownAtField ? <MutationError error={save.error} title="Schedule not saved" /> : null}
      {Object.keys(withoutEdited(shownLocal, edited)).length > 0 ? <p className="text-sm text-red-700">Some fields need a change; see the messages above.</p> : null}
      <div className="flex items-center gap-2">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? <Spinner /> : null}
          {schedule ? "Save changes" : "Save schedule"}
        </Button>
        <Button asChild variant="ghost">
          <Link href={schedule ? `/schedules/${schedule.id}` : "/schedules"}>Cancel</Link>
        </Button>
      </div>
    </form>
  );
}
