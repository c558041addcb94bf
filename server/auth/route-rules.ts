import type { ApiScope } from "../contracts/scopes";
import type { RateClass } from "../http/rate-classes";
import type { CallerKind, Subject } from "./procedure-rules";

// Who may call each route handler built with withActor (server/http/route.ts), by the name it is
// built with — the route handlers' counterpart of PROCEDURE_RULES. withActor refuses a caller below
// `minRole` before the request is read, and a token without `scope`; ownership is decided by the
// services, as for procedures. A route whose name has no entry here fails when its module loads.

export type RouteRule = {
  /** The least role that may call it at all. */
  minRole: CallerKind;
  /**
   * The API token scope a token needs to call it (a signed-in console user needs none); or any of
   * several, when the handler asks for the one its request needs (an export or a row batch).
   */
  scope: ApiScope | readonly ApiScope[];
  subject: Subject;
  /** The rate-limit class its requests count in (server/http/rate-classes); by HTTP method when absent. */
  rateClass?: RateClass;
};


export const ROUTE_RULES: Record<string, RouteRule> = {
  "files.download": { minRole: "viewer", scope: "exports", subject: { on: "exportFile" } },
  "files.zip": { minRole: "viewer", scope: "exports", subject: { on: "exportFile" } },
  "batches.files": { minRole: "viewer", scope: "media", subject: { on: "batch", batchKind: "fetch" } },
  "batches.events": { minRole: "viewer", scope: "read", subject: { on: "batch", batchKind: "rows" } },
  "batches.results": { minRole: "viewer", scope: "read", subject: { on: "batch", batchKind: "rows" } },

  // Seed 000, the OpenPenPal batch API (server/seed-apis/openpenpal.ts). Execute and validate take
  // every operation, exports included (open to viewers); the engine refuses a row operation the
  // role may not run, and plans someone else's rows invalid (PERMISSION_DENIED) for operators.
  "openpenpal.execute": { minRole: "viewer", scope: ["batches", "exports"], subject: { on: "rows", resource: "letters", othersRows: "plannedInvalid" } },
  "openpenpal.validate": { minRole: "viewer", scope: ["batches", "exports"], subject: { on: "rows", resource: "letters", othersRows: "plannedInvalid" } },
  "openpenpal.letters.delete": { minRole: "operator", scope: "batches", subject: { on: "rows", resource: "letters", othersRows: "plannedInvalid" } },
  "openpenpal.letters.status": { minRole: "operator", scope: "batches", subject: { on: "rows", resource: "letters", othersRows: "plannedInvalid" } },
  "openpenpal.products.delete": { minRole: "operator", scope: "batches", subject: { on: "rows", resource: "products", othersRows: "plannedInvalid" } },
  "openpenpal.products.status": { minRole: "operator", scope: "batches", subject: { on: "rows", resource: "products", othersRows: "plannedInvalid" } },
  "openpenpal.archive": { minRole: "operator", scope: "batches", subject: { on: "rows", resource: "letters", othersRows: "plannedInvalid" } },
  "openpenpal.restore": { minRole: "operator", scope: "batches", subject: { on: "rows", resource: "letters", othersRows: "plannedInvalid" } },
  "openpenpal.export": { minRole: "viewer", scope: "exports", subject: { on: "rows", resource: "letters", othersRows: "allowed" } },
  "openpenpal.bulkCreate": { minRole: "operator", scope: "batches", subject: { on: "none" } },
  "openpenpal.job": { minRole: "viewer", scope: "read", subject: { on: "batch", batchKind: "rows" } },
  // Viewers may cancel their own exports (they may start them).
  "openpenpal.cancelJob": { minRole: "viewer", scope: ["batches", "exports"], subject: { on: "batch", batchKind: "export" } },
  "openpenpal.exportDownload": { minRole: "viewer", scope: "exports", subject: { on: "batch", batchKind: "export" } },
  "openpenpal.health": { minRole: "viewer", scope: "read", subject: { on: "none" } },
  "openpenpal.adminJobs": { minRole: "admin", scope: "admin", subject: { on: "none" } },
  "openpenpal.adminCleanup": { minRole: "admin", scope: "admin", subject: { on: "none" } },

  // Seed 004, media batch download (server/seed-apis/media-download.ts). Someone else's file is a
  // per-file failure (failed_to_start), not a refusal of the whole call, as the seed degrades.
  "mediaDownload.start": { minRole: "operator", scope: "media", subject: { on: "rows", resource: "media_files", othersRows: "plannedInvalid" } },
  "mediaDownload.status": { minRole: "viewer", scope: "media", subject: { on: "batch", batchKind: "fetch" } },
  "mediaDownload.cancel": { minRole: "operator", scope: "media", subject: { on: "batch", batchKind: "fetch" } },
  // Seed 001 (server/seed-apis/vessel-info.ts): every row may be read; writes are batches, where an
  // operator's item on someone else's row fails its index (planned invalid); deletes cannot be
  // reverted by key, so they are admins' (policy ADMIN_ONLY).
  "vesselInfo.bulkQuery": { minRole: "viewer", scope: "read", subject: { on: "none" } },
  "vesselInfo.bulkCreate": { minRole: "operator", scope: "batches", subject: { on: "none" } },
  "vesselInfo.bulkUpdate": { minRole: "operator", scope: "batches", subject: { on: "rows", resource: "vessel_schedules", othersRows: "plannedInvalid" } },
  "vesselInfo.bulkDelete": { minRole: "admin", scope: "batches", subject: { on: "rows", resource: "vessel_schedules", othersRows: "allowed" } },
  // Seed 002 (server/seed-apis/bulk-update.ts): previewed batches; an operator's change to someone else's row is planned invalid.
  "doc.bulkUpdate": { minRole: "operator", scope: "batches", subject: { on: "rows", resource: "letters", othersRows: "plannedInvalid" } },
  // Seed 003 (server/seed-apis/batch-jobs.ts, served under /api/v1 by server/rest/seed-operations.ts):
  // each operation is a row batch, where an operator's filter reaching someone else's rows plans
  // them invalid (strict validation then refuses the job); a job is seen by its creator and admins.
  "batchJobs.create": { minRole: "operator", scope: "batches", subject: { on: "rows", resource: "letters", othersRows: "plannedInvalid" }, rateClass: "jobCreation" },
  "batchJobs.get": { minRole: "viewer", scope: "read", subject: { on: "none" }, rateClass: "statusCheck" },
  // Seed 003's webhooks: as webhooks.create / webhooks.list (procedure-rules.ts); the list is the caller's own.
  "batchWebhooks.create": { minRole: "viewer", scope: "batches", subject: { on: "none" } },
  "batchWebhooks.list": { minRole: "viewer", scope: "read", subject: { on: "none" }, rateClass: "statusCheck" },
  // Seed 003's templates (server/seed-apis/batch-templates.ts): as the templates procedures — viewers
  // list (and see none of theirs), someone else's template is NOT_FOUND except to admins.
  "batchTemplates.list": { minRole: "viewer", scope: "read", subject: { on: "none" }, rateClass: "templateManagement" },
  "batchTemplates.get": { minRole: "viewer", scope: "read", subject: { on: "template" }, rateClass: "templateManagement" },
  "batchTemplates.create": { minRole: "operator", scope: "batches", subject: { on: "none" }, rateClass: "templateManagement" },
  "batchTemplates.update": { minRole: "operator", scope: "batches", subject: { on: "template" }, rateClass: "templateManagement" },
  "batchTemplates.delete": { minRole: "operator", scope: "batches", subject: { on: "template" }, rateClass: "templateManagement" },
  "batchTemplates.run": { minRole: "operator", scope: "batches", subject: { on: "template" }, rateClass: "jobCreation" },
  // Seed 003's schedules (server/seed-apis/batch-schedules.ts): as the schedules procedures.
  "batchSchedules.list": { minRole: "viewer", scope: "read", subject: { on: "none" }, rateClass: "templateManagement" },
  "batchSchedules.get": { minRole: "viewer", scope: "read", subject: { on: "schedule" }, rateClass: "templateManagement" },
  "batchSchedules.runs": { minRole: "viewer", scope: "read", subject: { on: "schedule" }, rateClass: "statusCheck" },
  "batchSchedules.create": { minRole: "operator", scope: "batches", subject: { on: "none" }, rateClass: "templateManagement" },
  "batchSchedules.update": { minRole: "operator", scope: "batches", subject: { on: "schedule" }, rateClass: "templateManagement" },
  "batchSchedules.delete": { minRole: "operator", scope: "batches", subject: { on: "schedule" }, rateClass: "templateManagement" },
  "batchSchedules.pause": { minRole: "operator", scope: "batches", subject: { on: "schedule" }, rateClass: "templateManagement" },
  "batchSchedules.resume": { minRole: "operator", scope: "batches", subject: { on: "schedule" }, rateClass: "templateManagement" },
  "batchSchedules.run": { minRole: "operator", scope: "batches", subject: { on: "schedule" }, rateClass: "jobCreation" },
};

/** The rule of route `name`; throws for a route with none, so it cannot be served unchecked. */
export function routeRule(name: string): RouteRule {
  const rule = ROUTE_RULES[name];
  if (!rule) throw new Error(`Route "${name}" has no authorization rule: add it to ROUTE_RULES in server/auth/route-rules.ts.`);
  return rule;
}
