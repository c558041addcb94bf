import type { Timing } from "../contracts/schedules";
import { cronOf, describeCron, localTime, nextRuns } from "./timing";

export type TimingPreview = { cron: string; timezone: string; inWords: string; next: { at: string; local: string }[] };

/** What a timing means before it is saved: its cron, in words, and its next `count` runs (UTC and wall clock). */
export function previewTiming(timing: Timing, count = 5, from = new Date()): TimingPreview {
  const cron = cronOf(timing);
  return {
    cron,
    timezone: timing.timezone,
    inWords: describeCron(cron, timing.timezone),
    next: nextRuns(cron, timing.timezone, from, count).map((at) => ({ at: at.toISOString(), local: localTime(at, timing.timezone) })),
  };
}
