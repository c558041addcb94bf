import { defaultRateClass, type RateClass } from "../http/rate-classes";
import type { ApiScope } from "../contracts/scopes";
import { scopeForBatchKind, type TokenAccess } from "./policy";
import { hasRole, type Role } from "./roles";

// Who may call each tRPC procedure, and what happens when the thing it acts on belongs to someone
// else — the table the authorization matrix test (server/trpc/authorization.integration.test.ts)
// checks every procedure × role × own/other against. It states the intended behaviour; policy.ts
// and the procedure tiers implement it. A procedure without an entry here fails that test.

/** Who calls: no session, or a signed-in user of a role. */
export type CallerKind = "anonymous" | Role;

/**
 * What the procedure's input points at, which decides whether ownership matters:
 * - `none`: nothing owned (lists are filtered to what the caller may see, not refused);
 * - `batch`: one batch by `batchId`, of `batchKind`; a batch the caller may not see is NOT_FOUND;
 * - `exportFile`: one export file by `fileId`; a file the caller may not download is NOT_FOUND;
 * - `rows`: rows of a resource picked by id; `othersRows` says what happens to someone else's;
 * - `session`: one of the caller's own sign-in sessions by id; anyone else's, even to an admin, is
 *   NOT_FOUND (admins end other users' sessions by disabling them, on the Users page);
 * - `token`: one API token by `tokenId`; someone else's is NOT_FOUND, except to an admin;
 * - `webhook`: one webhook endpoint by `endpointId`; someone else's is NOT_FOUND, except to an admin;
 * - `template`: one batch template by `templateId`; someone else's is NOT_FOUND, except to an admin;
 * - `schedule`: one schedule by `scheduleId`; someone else's is NOT_FOUND, except to an admin;
 * - `notification`: one of the caller's own notifications by `notificationId`; anyone else's, even
 *   to an admin, is NOT_FOUND.
 */
export type Subject =
  | { on: "none" }
  | { on: "batch"; batchKind: "rows" | "export" | "fetch" }
  | { on: "exportFile" }
  | { on: "rows"; resource: "letters" | "products" | "media_files" | "vessel_schedules"; othersRows: "plannedInvalid" | "FORBIDDEN" | "allowed" }
  | { on: "session" }
  | { on: "token" }
  | { on: "webhook" }
  | { on: "template" }
  | { on: "schedule" }
  | { on: "notification" };

export type ProcedureRule = {
  /** The least role that may call it at all ("anonymous": anyone). */
  minRole: CallerKind;
  /**
   * What an API token needs to call it (a signed-in user needs none): reads need `read`, running
   * batches `batches`, exports `exports`, file fetches `media`, the system and audit `admin`; managing
   * tokens, one's account or users is `session` (never with a token). Enforced for every procedure by
   * path (server/trpc/init.ts).
   */
  scope: TokenAccess;
  subject: Subject;
};

/**
 * What a call is expected to end in, as far as authorization goes: `allowed` (it succeeds, or fails
 * for a reason that is not about who asked, such as a batch in the wrong state), a refusal code, or
 * `plannedInvalid` (it succeeds, and every row not the caller's is planned as invalid).
 */
export type ExpectedOutcome = "allowed" | "plannedInvalid" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND";

const none: Subject = { on: "none" };
const rowBatch: Subject = { on: "batch", batchKind: "rows" };
const template: Subject = { on: "template" };
const schedule: Subject = { on: "schedule" };
const rule = (minRole: CallerKind) => (scope: TokenAccess, subject: Subject = none): ProcedureRule => ({ minRole, scope, subject });
const viewer = rule("viewer");
const operator = rule("operator");
const admin = rule("admin");
/** Stopping or going on with a batch: the batch's kind decides which scope (the service asks, scopeForBatchKind). */
const anyBatchScope: readonly ApiScope[] = ["batches", "exports", "media"];

/** Every procedure of the app router by path. Subscriptions are listed too (their input is checked like a query's). */
export const PROCEDURE_RULES: Record<string, ProcedureRule> = {
  "me.get": viewer("read"),
  "dashboard.overview": viewer("read"),
  "system.probeWorker": admin("admin"),
  "system.probeStatus": admin("admin"),
  "resources.list": viewer("read"),
  "resources.meta": viewer("read"),
  "resources.query": viewer("read"),
  "resources.count": viewer("read"),
  // Every role reads every row, so any row's history: someone else's batches in it come with limited
  // detail (no batch, who or values; server/history/row-history.ts), not refused.
  "resources.history": viewer("read", { on: "rows", resource: "letters", othersRows: "allowed" }),
  // Operators act on their own rows only: someone else's row is planned invalid (NOT_OWNER), not refused.
  "batch.validate": operator("batches", { on: "rows", resource: "letters", othersRows: "plannedInvalid" }),
  "batch.execute": operator("batches", rowBatch),
  "batch.status": viewer("read", rowBatch),
  "batch.items": viewer("read", rowBatch),
  "batch.list": viewer("read"),
  "batch.actors": viewer("read"),
  "batch.pause": operator(anyBatchScope, rowBatch),
  "batch.resume": operator(anyBatchScope, rowBatch),
  // Viewers may cancel their own exports (they may start them).
  "batch.cancel": viewer(anyBatchScope, { on: "batch", batchKind: "export" }),
  "batch.discard": operator(anyBatchScope, rowBatch),
  "batch.retryFailed": operator("batches", rowBatch),
  "batch.revert": operator("batches", rowBatch),
  "batch.revertRow": operator("batches", rowBatch),
  "batch.timeline": viewer("read", rowBatch),
  "batch.progress": viewer("read", rowBatch),
  // Exports are open to every role, on any row (sensitive fields are what is restricted).
  "exports.create": viewer("exports", { on: "rows", resource: "letters", othersRows: "allowed" }),
  "exports.list": viewer("exports"),
  "exports.ofBatch": viewer("exports", { on: "batch", batchKind: "export" }),
  "exports.deleteFile": viewer("exports", { on: "exportFile" }),
  "exports.options": viewer("exports"),
  // Picking someone else's file by id is refused outright (a filter leaves them out).
  "media.fetch": operator("media", { on: "rows", resource: "media_files", othersRows: "FORBIDDEN" }),
  "media.refetchFailed": operator("media", { on: "batch", batchKind: "fetch" }),
  "media.fetchItems": viewer("read", { on: "batch", batchKind: "fetch" }),
  "media.fetchOptions": viewer("read"),
  "audit.list": admin("admin"),
  // Users are managed by admins; the last-admin rule and the password rule apply inside.
  "users.list": admin("session"),
  "users.create": admin("session"),
  "users.setRole": admin("session"),
  "users.disable": admin("session"),
  "users.enable": admin("session"),
  "users.resetPassword": admin("session"),
  "users.delete": admin("session"),
  // Everyone manages their own account: the session decides whose, the input names nothing owned.
  "account.changePassword": viewer("session"),
  "account.sessions": viewer("session"),
  "account.revokeSession": viewer("session", { on: "session" }),
  "account.revokeOtherSessions": viewer("session"),
  "account.notificationPreferences": viewer("session"),
  "account.setNotificationPreferences": viewer("session"),
  // A set-password link is its own credential: anyone holding one may use it, nobody else gets past it.
  "account.setPasswordWithLink": rule("anonymous")("session"),
  // Tokens are made and revoked signed in, so a leaked token can neither widen nor outlive itself.
  "tokens.list": viewer("session"),
  "tokens.create": viewer("session"),
  "tokens.revoke": viewer("session", { on: "token" }),
  "tokens.listAll": admin("session"),
  // Anyone may hear about their own batches; global endpoints (admins only) hear everyone's, and a
  // token needs the admin scope for those (server/webhooks/endpoints.ts).
  "webhooks.list": viewer("read"),
  "webhooks.create": viewer("batches"),
  "webhooks.update": viewer("batches", { on: "webhook" }),
  "webhooks.delete": viewer("batches", { on: "webhook" }),
  "webhooks.deliveries": viewer("read", { on: "webhook" }),
  "webhooks.redeliver": viewer("batches", { on: "webhook" }),
  // Templates are row batches with parameters: viewers run no row operations, so they make and run
  // none (they may list, and see nothing). Someone else's template does not exist, except to admins.
  "templates.list": viewer("read"),
  "templates.get": viewer("read", template),
  "templates.versions": viewer("read", template),
  "templates.create": operator("batches"),
  // Someone else's batch is NOT_FOUND, as every batch by id.
  "templates.fromBatch": operator("batches", rowBatch),
  "templates.update": operator("batches", template),
  "templates.duplicate": operator("batches", template),
  "templates.delete": operator("batches", template),
  "templates.run": operator("batches", template),
  // Schedules run templates unattended, as their owner: made by those who may run the template, seen
  // by their owner and admins. A token needs `batches` to change one.
  "schedules.list": viewer("read"),
  "schedules.get": viewer("read", schedule),
  "schedules.runs": viewer("read", schedule),
  "schedules.previewTiming": viewer("read"),
  "schedules.create": operator("batches"),
  "schedules.update": operator("batches", schedule),
  "schedules.pause": operator("batches", schedule),
  "schedules.resume": operator("batches", schedule),
  "schedules.delete": operator("batches", schedule),
  "schedules.runNow": operator("batches", schedule),
  // Approvals: rules are set by admins and read by anyone; a request is made by whoever may run the
  // batch, decided by someone else who could (server/approvals/requests.ts); another's batch is NOT_FOUND.
  "approvals.rules": viewer("read"),
  "approvals.createRule": admin("admin"),
  "approvals.updateRule": admin("admin"),
  "approvals.deleteRule": admin("admin"),
  "approvals.list": viewer("read"),
  "approvals.get": viewer("read", rowBatch),
  "approvals.request": operator("batches", rowBatch),
  "approvals.decide": operator("batches", rowBatch),
  // The bell is the console's: everyone sees and marks only their own notifications.
  "notifications.list": viewer("session"),
  "notifications.unreadCount": viewer("session"),
  "notifications.markRead": viewer("session", { on: "notification" }),
  "notifications.markAllRead": viewer("session"),
};

/** The rule of procedure `path`, or null (the matrix test fails for a procedure without one). */
export function procedureRule(path: string): ProcedureRule | null {
  return PROCEDURE_RULES[path] ?? null;
}

/**
 * The one scope a token must hold to call `rule` on its subject: its scope, or for a rule taking any
 * of several, the one the subject's batch kind needs. Null: no token may call it.
 */
export function requiredScope(rule: ProcedureRule): ApiScope | null {
  if (rule.scope === "session") return null;
  if (typeof rule.scope === "string") return rule.scope;
  if (rule.subject.on === "batch") return scopeForBatchKind(rule.subject.batchKind);
  throw new Error("a rule taking any of several scopes must act on a batch, whose kind picks one");
}

/**
 * The outcome `rule` promises `caller`, acting on its own thing or on another user's (operator2's,
 * or for an admin anyone's). Admins see and act on everything; others only on their own.
 */
export function expectedOutcome(rule: ProcedureRule, caller: CallerKind, owner: "own" | "other"): ExpectedOutcome {
  if (caller === "anonymous") return rule.minRole === "anonymous" ? "allowed" : "UNAUTHORIZED";
  if (rule.minRole !== "anonymous" && !hasRole(caller, rule.minRole)) return "FORBIDDEN";
  if (rule.subject.on === "session" || rule.subject.on === "notification") return owner === "own" ? "allowed" : "NOT_FOUND";
  if (owner === "own" || caller === "admin") return "allowed";
  switch (rule.subject.on) {
    case "none":
      return "allowed";
    case "batch":
    case "exportFile":
      return "NOT_FOUND";
    case "rows":
      return rule.subject.othersRows;
    case "token":
    case "webhook":
    case "template":
    case "schedule":
      return "NOT_FOUND";
  }
}

/**
 * The outcome `rule` promises an API token of a `role` user holding `scopes`, on the owner's own
 * thing: refused (FORBIDDEN) unless it holds the scope the call needs (`admin` holds every scope),
 * else what the owner's role gets.
 */
export function expectedTokenOutcome(rule: ProcedureRule, role: Role, scopes: readonly ApiScope[]): ExpectedOutcome {
  const needed = requiredScope(rule);
  if (needed === null || !(scopes.includes(needed) || scopes.includes("admin"))) return "FORBIDDEN";
  return expectedOutcome(rule, role, "own");
}

/** The entry to add for a procedure that has none, as the matrix test prints it. */
export function missingRuleHint(path: string, type: string): string {
  return (
    `"${path}" (a ${type}) has no authorization rule. Add it to PROCEDURE_RULES in server/auth/procedure-rules.ts, e.g.\n` +
    `  "${path}": viewer("read"),                // any signed-in user (a token needs "read"), nothing owned in its input\n` +
    `  "${path}": admin("admin"),               // admins only\n` +
    `  "${path}": operator("batches", rowBatch), // acts on one batch by batchId: others' batches are NOT_FOUND\n` +
    `  "${path}": viewer("session"),             // never with an API token\n` +
    `and, if its input needs more than {} or { batchId }, a sample input in SAMPLE_INPUTS (server/trpc/authorization.integration.test.ts).`
  );
}

/**
 * The rate-limit class of the procedures that are not counted by their type (queries and
 * subscriptions as status checks, mutations as `default`): those that start work. Kept beside the
 * rules rather than in each, so the two tables change independently.
 */
export const PROCEDURE_RATE_CLASSES: Record<string, RateClass> = {
  "batch.validate": "jobCreation",
  // A full batch input validates and commits in one call (scripts' execute); a commit by id counts alike.
  "batch.execute": "jobCreation",
  "batch.retryFailed": "jobCreation",
  "batch.revert": "jobCreation",
  "batch.revertRow": "jobCreation",
  "exports.create": "jobCreation",
  "media.fetch": "jobCreation",
  "media.refetchFailed": "jobCreation",
  "templates.list": "templateManagement",
  "templates.get": "templateManagement",
  "templates.versions": "templateManagement",
  "templates.create": "templateManagement",
  "templates.fromBatch": "templateManagement",
  "templates.update": "templateManagement",
  "templates.duplicate": "templateManagement",
  "templates.delete": "templateManagement",
  // A run plans a batch: it counts with the other calls that start work.
  "templates.run": "jobCreation",
  "schedules.list": "templateManagement",
  "schedules.get": "templateManagement",
  "schedules.runs": "templateManagement",
  "schedules.previewTiming": "templateManagement",
  "schedules.create": "templateManagement",
  "schedules.update": "templateManagement",
  "schedules.pause": "templateManagement",
  "schedules.resume": "templateManagement",
  "schedules.delete": "templateManagement",
  "schedules.runNow": "jobCreation",
};

/** The rate-limit class a call of procedure `path` (a query, mutation or subscription) counts in. */
export function procedureRateClass(path: string, type: string): RateClass {
  return PROCEDURE_RATE_CLASSES[path] ?? defaultRateClass(type);
}
