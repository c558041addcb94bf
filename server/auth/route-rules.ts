import type { ApiScope } from "../contracts/scopes";
import type { CallerKind, Subject } from "./procedure-rules";

// Who may call each route handler built with withActor (server/http/route.ts), by the name it is
// built with — the route handlers' counterpart of PROCEDURE_RULES. withActor refuses a caller below
// `minRole` before the request is read, and a token without `scope`; ownership is decided by the
// services, as for procedures. A route whose name has no entry here fails when its module loads.

export type RouteRule = {
  /** The least role that may call it at all. */
  minRole: CallerKind;
  /** The API token scope a token needs to call it (a signed-in console user needs none). */
  scope: ApiScope;
  subject: Subject;
};


export const ROUTE_RULES: Record<string, RouteRule> = {
  "files.download": { minRole: "viewer", scope: "exports", subject: { on: "exportFile" } },
  "files.zip": { minRole: "viewer", scope: "exports", subject: { on: "exportFile" } },
  "batches.files": { minRole: "viewer", scope: "media", subject: { on: "batch", batchKind: "fetch" } },
  "batches.results": { minRole: "viewer", scope: "read", subject: { on: "batch", batchKind: "rows" } },
  // Seed 001 (server/seed-apis/vessel-info.ts): every row may be read; writes are batches, where an
  // operator's item on someone else's row fails its index (planned invalid); deletes cannot be
  // reverted by key, so they are admins' (policy ADMIN_ONLY).
  "vesselInfo.bulkQuery": { minRole: "viewer", scope: "read", subject: { on: "none" } },
  "vesselInfo.bulkCreate": { minRole: "operator", scope: "batches", subject: { on: "none" } },
  "vesselInfo.bulkUpdate": { minRole: "operator", scope: "batches", subject: { on: "rows", resource: "vessel_schedules", othersRows: "plannedInvalid" } },
  "vesselInfo.bulkDelete": { minRole: "admin", scope: "batches", subject: { on: "rows", resource: "vessel_schedules", othersRows: "allowed" } },
  // Seed 002 (server/seed-apis/bulk-update.ts): previewed batches; an operator's change to someone else's row is planned invalid.
  "doc.bulkUpdate": { minRole: "operator", scope: "batches", subject: { on: "rows", resource: "letters", othersRows: "plannedInvalid" } },
};

/** The rule of route `name`; throws for a route with none, so it cannot be served unchecked. */
export function routeRule(name: string): RouteRule {
  const rule = ROUTE_RULES[name];
  if (!rule) throw new Error(`Route "${name}" has no authorization rule: add it to ROUTE_RULES in server/auth/route-rules.ts.`);
  return rule;
}
