import { CronExpressionParser } from "cron-parser";
import cronstrue from "cronstrue";
import type { Timing } from "../contracts/schedules";
import { AppError } from "../errors";

// A schedule's timing as a cron expression in its time zone, and the times it means. cron-parser is
// the library pg-boss evaluates its own schedules with; across a daylight-saving change it runs a
// local time that does not exist (02:30 on the spring-forward night) an hour later, and one that
// happens twice (the fall-back night) once, at its first occurrence.

/** The five-field cron expression a timing means. */
export function cronOf(t: Timing): string {
  const [hour, minute] = t.time.split(":").map(Number) as [number, number];
  switch (t.frequency) {
    case "hourly":
      return `${minute} * * * *`;
    case "daily":
      return `${minute} ${hour} * * *`;
    case "weekdays":
      return `${minute} ${hour} * * 1-5`;
    case "weekly":
      return `${minute} ${hour} * * ${t.dayOfWeek ?? 1}`;
    case "monthly":
      return `${minute} ${hour} ${t.dayOfMonth ?? 1} * *`;
    case "cron":
      return checkedCron(t.cron ?? "");
  }
}

/** A user's cron expression, refused with a field error unless it is five fields cron-parser reads. */
export function checkedCron(expr: string): string {
  const trimmed = expr.trim().replace(/\s+/g, " ");
  const refuse = (why: string) => new AppError("BAD_REQUEST", `timing.cron: ${why}`, { fields: { "timing.cron": [why] } });
  if (trimmed.split(" ").length !== 5) throw refuse("give five fields: minute hour day-of-month month day-of-week (e.g. 0 6 * * 1-5).");
  try {
    CronExpressionParser.parse(trimmed, { tz: "UTC" });
  } catch (err) {
    throw refuse(`not a cron expression (${err instanceof Error ? err.message : String(err)}).`);
  }
  return trimmed;
}

/** The next `count` times `cron` comes due in `tz`, strictly after `from`. */
export function nextRuns(cron: string, tz: string, from: Date, count: number): Date[] {
  const it = CronExpressionParser.parse(cron, { currentDate: from, tz });
  return Array.from({ length: count }, () => it.next().toDate());
}

/**
 * The times `cron` came due in `tz` from `since` (inclusive) up to `now`: a tick handled late, or
 * after ticks that passed while no worker ran. Walked forwards with next(), as next_run_at was
 * found, so a time the spring-forward night skips is seen where next() put it (prev() skips it).
 * At most `cap` times: the oldest are dropped, the latest is always there.
 */
export function dueBetween(cron: string, tz: string, since: Date, now: Date, cap = 10_000): { latest: Date | null; count: number } {
  const it = CronExpressionParser.parse(cron, { currentDate: new Date(since.getTime() - 1), tz });
  let latest: Date | null = null;
  let count = 0;
  for (;;) {
    const at = it.next().toDate();
    if (at > now) return { latest, count };
    latest = at;
    count++;
    if (count >= cap) {
      // Down far longer than `cap` ticks: jump to the last one before now rather than walk them all.
      const last = CronExpressionParser.parse(cron, { currentDate: new Date(now.getTime() + 1), tz }).prev().toDate();
      return { latest: last > at ? last : at, count };
    }
  }
}

/** The timing in words ("At 06:00 AM, Monday through Friday"), with its time zone. */
export function describeCron(cron: string, tz: string): string {
  return `${cronstrue.toString(cron, { use24HourTimeFormat: true, verbose: false })} (${tz})`;
}

/** Each of `times` as its local wall-clock time in `tz`, e.g. "Mon 9 Mar 2026, 06:00 EDT". */
export function localTime(at: Date, tz: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: tz, weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, timeZoneName: "short" }).format(at);
}
