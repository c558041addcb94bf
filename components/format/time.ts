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
