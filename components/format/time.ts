const CLOCK = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const DATE_TIME = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

/** "14:05:09" in the viewer's time zone. */
export function formatClock(at: Date | number): string {
  return CLOCK.format(at);
}

/** "12 Jan 2026, 14:05" in the viewer's time zone. */
export function formatDateTime(at: Date | number): string {
  return DATE_TIME.format(at);
}

/**
 * "just now", "42 s ago", "5 min ago", "3 h ago", then the date. Text rendered on the server can be a
 * second older by the time the browser hydrates it: the element showing it takes
 * suppressHydrationWarning, or React reports a mismatch (error #418).
 */
export function formatAgo(at: Date, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - at.getTime()) / 1000));
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return formatDateTime(at);
}

/** "in 5 min", "in 3 h", "in 2 days" (or "… ago" for a past time): how far `at` is from `now`, roughly. */
export function formatRelative(at: Date, now: number = Date.now()): string {
  const diff = at.getTime() - now;
  const s = Math.round(Math.abs(diff) / 1000);
  const amount = s < 60 ? `${s} s` : s < 3600 ? `${Math.round(s / 60)} min` : s < 86_400 ? `${Math.round(s / 3600)} h` : `${Math.round(s / 86_400)} day${Math.round(s / 86_400) === 1 ? "" : "s"}`;
  if (s < 5) return "now";
  return diff > 0 ? `in ${amount}` : `${amount} ago`;
}

/** "Mon, 9 Mar 2026, 06:00 GMT-4": a moment as the wall clock of time zone `tz` shows it. */
export function formatInZone(at: Date | number, tz: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: tz, weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, timeZoneName: "short" }).format(at);
}
