import { TRPCClientError } from "@trpc/client";
import { fieldErrors } from "@/components/users/field-errors";
import type { Frequency, ScheduleBody, Timing } from "@/server/contracts/schedules";
import { scheduleBodySchema, timingSchema } from "@/server/contracts/schedules";
import { paramsToSend, parseIds } from "@/components/templates/parameter-fields";

// The schedule form's fields as typed (all text), what they send, and the errors to show at each
// field, whether the schema in the browser or the server found them.

export type TimingFields = { frequency: Frequency; time: string; minute: string; dayOfWeek: string; dayOfMonth: string; cron: string; timezone: string };
export type ScheduleFields = {
  name: string;
  description: string;
  templateId: string;
  version: string;
  params: Record<string, string>;
  ids: string;
  timing: TimingFields;
  maxRows: string;
  allowInvalid: boolean;
  allowConflicts: boolean;
  completionEmails: string;
  completionWebhook: string;
  failureEmails: string;
  severity: string;
};

const emailsOf = (text: string) => text.split(/[\s,;]+/).filter(Boolean);
const numberOrText = (text: string) => (text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text);

/** The timing the fields say (hourly runs at a minute past each hour, so only its minute counts). */
export function timingOf(t: TimingFields): Timing {
  const minute = t.minute.trim().padStart(2, "0");
  return {
    frequency: t.frequency,
    time: t.frequency === "hourly" ? `00:${minute}` : t.time,
    timezone: t.timezone.trim(),
    ...(t.frequency === "weekly" ? { dayOfWeek: Number(t.dayOfWeek) } : {}),
    ...(t.frequency === "monthly" ? { dayOfMonth: numberOrText(t.dayOfMonth) as number } : {}),
    ...(t.frequency === "cron" ? { cron: t.cron } : {}),
  };
}

/** The fields for a saved timing. */
export function timingFieldsOf(t: Timing): TimingFields {
  return {
    frequency: t.frequency,
    time: t.time,
    minute: t.time.slice(3),
    dayOfWeek: String(t.dayOfWeek ?? 1),
    dayOfMonth: String(t.dayOfMonth ?? 1),
    cron: t.cron ?? "",
    timezone: t.timezone,
  };
}

/** The body `schedules.create` takes (and, less the template, `schedules.update`). */
export function bodyOf(f: ScheduleFields, idsAtRun: boolean): ScheduleBody {
  const completion = { email: emailsOf(f.completionEmails), ...(f.completionWebhook.trim() ? { webhook: f.completionWebhook.trim() } : {}) };
  const failure = { email: emailsOf(f.failureEmails), ...(f.severity ? { severity: f.severity as "low" | "medium" | "high" | "critical" } : {}) };
  return {
    name: f.name,
    description: f.description,
    templateId: f.templateId,
    ...(f.version ? { templateVersion: Number(f.version) } : {}),
    params: paramsToSend(f.params),
    ...(idsAtRun ? { ids: parseIds(f.ids) } : {}),
    timing: timingOf(f.timing),
    guard: { maxRows: numberOrText(f.maxRows) as number, allowInvalid: f.allowInvalid, allowConflicts: f.allowConflicts },
    notification: {
      ...(completion.email.length || completion.webhook ? { on_completion: completion } : {}),
      ...(failure.email.length || failure.severity ? { on_failure: failure } : {}),
    },
  };
}

/** A field's key: its path less list positions ("notification.on_completion.email"). */
const keyOf = (path: readonly PropertyKey[]) => path.filter((p) => typeof p !== "number").map(String).join(".");

function issuesByField(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = keyOf([...prefix, ...i.path]);
    out[key] ??= i.message;
  }
  return out;
}

// The schema's words for a field left blank or mistyped are about types ("expected number"): these say what to give.
const PLAIN: Record<string, string> = {
  templateId: "Choose a template.",
  ids: "Give the rows each run acts on as whole numbers, e.g. 12, 15, 20.",
  "guard.maxRows": "Give a whole number of rows, 0 or more.",
  "timing.dayOfMonth": "Give a day from 1 to 28.",
};

/** What the schema finds wrong with the fields before anything is sent, by field. */
export function localErrors(f: ScheduleFields, idsAtRun: boolean): Record<string, string> {
  const parsed = scheduleBodySchema.safeParse(bodyOf(f, idsAtRun));
  if (parsed.success) return {};
  const out = issuesByField(parsed.error.issues);
  for (const key of Object.keys(out)) if (PLAIN[key]) out[key] = PLAIN[key];
  return out;
}

/** What is wrong with the timing alone (the preview waits for a timing that parses). */
export function timingErrors(t: TimingFields): Record<string, string> {
  const parsed = timingSchema.safeParse(timingOf(t));
  if (parsed.success) return {};
  const out = issuesByField(parsed.error.issues, ["timing"]);
  for (const key of Object.keys(out)) if (PLAIN[key]) out[key] = PLAIN[key];
  return out;
}

/**
 * The server's refusal, by field: its field errors (a service's are full paths such as
 * `timing.cron` or `params.status`; a schema's are top-level), and the field its message names
 * ("timing.dayOfMonth: …"), so a nested schema error also shows where it belongs.
 */
export function serverErrors(error: unknown): Record<string, string> {
  const out = fieldErrors(error);
  if (error instanceof TRPCClientError) {
    const m = /^([A-Za-z_][\w.]*): (.+)$/s.exec(error.message);
    if (m) out[m[1]!.replace(/\.\d+(?=\.|$)/g, "")] ??= m[2]!;
  }
  return out;
}

/** The group of fields an error key belongs to: a parameter by its name, anything else by its top-level field. */
export const errorGroup = (key: string) => (key.startsWith("params.") ? key.split(".").slice(0, 2).join(".") : key.split(".")[0]!);

const GROUP_OF: Partial<Record<keyof ScheduleFields, string>> = {
  name: "name",
  description: "description",
  templateId: "templateId",
  version: "templateVersion",
  ids: "ids",
  timing: "timing",
  maxRows: "guard",
  allowInvalid: "guard",
  allowConflicts: "guard",
  completionEmails: "notification",
  completionWebhook: "notification",
  failureEmails: "notification",
  severity: "notification",
};

/** The error groups an edit from `before` to `after` touches: their old messages no longer apply. */
export function changedGroups(before: ScheduleFields, after: ScheduleFields): string[] {
  const out: string[] = [];
  for (const k of Object.keys(GROUP_OF) as (keyof ScheduleFields)[]) if (before[k] !== after[k]) out.push(GROUP_OF[k]!);
  for (const name of new Set([...Object.keys(before.params), ...Object.keys(after.params)])) if (before.params[name] !== after.params[name]) out.push(`params.${name}`);
  if (before.templateId !== after.templateId || before.version !== after.version) out.push("params");
  return out;
}

/** `errors` less those of groups edited since they were found. */
export function withoutEdited(errors: Record<string, string>, edited: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([k]) => !edited.has(errorGroup(k)) && !(k.startsWith("params.") && edited.has("params"))));
}
