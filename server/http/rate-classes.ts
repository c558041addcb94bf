// Route classes of the request rate limits (server/http/rate-limit.ts): each has its own hourly
// budget per actor, so a script polling status cannot starve its own job creation, and a burst of
// creations is capped far below the reads. Imports nothing, so rule tables may use it.

export const RATE_CLASSES = ["jobCreation", "statusCheck", "templateManagement", "default"] as const;

/**
 * - `jobCreation`: starts work (batches, exports, media fetches, a seed's execute);
 * - `statusCheck`: reads of status, items, lists;
 * - `templateManagement`: batch templates and schedules (the automation issue);
 * - `default`: everything else (pause, cancel, downloads, account…).
 */
export type RateClass = (typeof RATE_CLASSES)[number];

/** The class of a call that names none: reads (GET/HEAD, tRPC queries and subscriptions) check status, the rest is `default`. */
export function defaultRateClass(kind: string): RateClass {
  const k = kind.toUpperCase();
  return k === "GET" || k === "HEAD" || k === "QUERY" || k === "SUBSCRIPTION" ? "statusCheck" : "default";
}
