"use client";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { FREQUENCIES, type Frequency } from "@/server/contracts/schedules";
import type { TimingFields as Fields } from "./form-model";

const FREQUENCY_LABELS: Record<Frequency, string> = {
  hourly: "Every hour",
  daily: "Every day",
  weekdays: "Every weekday (Mon–Fri)",
  weekly: "Every week",
  monthly: "Every month",
  cron: "Cron expression",
};
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

let knownZones: string[] | null = null;
/**
 * The zones the browser knows, for the zone field's suggestions (UTC first), read once. Only
 * suggestions: the list omits some real zones (Europe/Kyiv), so the server checks what is typed.
 */
function zones(): string[] {
  if (!knownZones) {
    try {
      knownZones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
    } catch {
      knownZones = ["UTC"];
    }
  }
  return knownZones;
}

/** The schedule's timing: a frequency with its time (and day), or a cron expression; and its time zone. */
export function TimingFields({ id, value, onChange, errors }: { id: string; value: Fields; onChange: (v: Fields) => void; errors: Record<string, string> }) {
  const set = (patch: Partial<Fields>) => onChange({ ...value, ...patch });
  const f = value.frequency;
  const described = (key: string) => (errors[key] ? { "aria-invalid": true as const, "aria-describedby": `${id}-${key}-error` } : {});
  const err = (key: string) => <FieldError id={`${id}-${key}-error`}>{errors[key]}</FieldError>;
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <Label htmlFor={`${id}-frequency`}>Frequency</Label>
          <Select id={`${id}-frequency`} className="mt-1.5 w-full" value={f} onChange={(e) => set({ frequency: e.target.value as Frequency })}>
            {FREQUENCIES.map((fr) => (
              <option key={fr} value={fr}>
                {FREQUENCY_LABELS[fr]}
              </option>
            ))}
          </Select>
        </div>
        {f === "hourly" ? (
          <div>
            <Label htmlFor={`${id}-minute`}>Minutes past the hour</Label>
            <Input id={`${id}-minute`} className="mt-1.5" type="number" min={0} max={59} value={value.minute} onChange={(e) => set({ minute: e.target.value })} {...described("timing.time")} />
            {err("timing.time")}
          </div>
        ) : f !== "cron" ? (
          <div>
            <Label htmlFor={`${id}-time`}>At</Label>
            <Input id={`${id}-time`} className="mt-1.5" type="time" value={value.time} onChange={(e) => set({ time: e.target.value })} {...described("timing.time")} />
            {err("timing.time")}
          </div>
        ) : null}
        {f === "weekly" ? (
          <div>
            <Label htmlFor={`${id}-dow`}>On</Label>
            <Select id={`${id}-dow`} className="mt-1.5 w-full" value={value.dayOfWeek} onChange={(e) => set({ dayOfWeek: e.target.value })} {...described("timing.dayOfWeek")}>
              {DAYS.map((d, i) => (
                <option key={d} value={String(i)}>
                  {d}
                </option>
              ))}
            </Select>
            {err("timing.dayOfWeek")}
          </div>
        ) : null}
        {f === "monthly" ? (
          <div>
            <Label htmlFor={`${id}-dom`}>On day (1–28)</Label>
            <Input id={`${id}-dom`} className="mt-1.5" type="number" min={1} max={28} value={value.dayOfMonth} onChange={(e) => set({ dayOfMonth: e.target.value })} {...described("timing.dayOfMonth")} />
            {err("timing.dayOfMonth")}
          </div>
        ) : null}
        {f === "cron" ? (
          <div>
            <Label htmlFor={`${id}-cron`}>Cron expression</Label>
            <Input
              id={`${id}-cron`}
              className="mt-1.5 font-mono"
              placeholder="0 6 * * 1-5"
              autoComplete="off"
              spellCheck={false}
              value={value.cron}
              onChange={(e) => set({ cron: e.target.value })}
              {...described("timing.cron")}
            />
            <p className="mt-1 text-xs text-slate-500">Five fields: minute, hour, day of month, month, day of week.</p>
            {err("timing.cron")}
          </div>
        ) : null}
      </div>
      <div>
        <Label htmlFor={`${id}-tz`}>Time zone</Label>
        <Input id={`${id}-tz`} className="mt-1.5" list={`${id}-zones`} autoComplete="off" value={value.timezone} onChange={(e) => set({ timezone: e.target.value })} {...described("timing.timezone")} />
        <datalist id={`${id}-zones`}>
          {zones().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <p className="mt-1 text-xs text-slate-500">An IANA zone such as Europe/Berlin; runs follow its daylight-saving changes.</p>
        {err("timing.timezone")}
      </div>
    </div>
  );
}
