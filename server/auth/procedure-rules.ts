import { defaultRateClass, type RateClass } from "../http/rate-classes";
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
 *   NOT_FOUND (admins end other users' sessions by disabling them, on the Users page).
 */
export type Subject =
  | { on: "none" }
  | { on: "batch"; batchKind: "rows" | "export" | "fetch" }
  | { on: "exportFile" }
  | { on: "rows"; resource: "letters" | "products" | "media_files" | "vessel_schedules"; othersRows: "plannedInvalid" | "FORBIDDEN" | "allowed" }
  | { on: "session" };

export type ProcedureRule = {
  /** The least role that may call it at all ("anonymous": anyone). */
  minRole: CallerKind;
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
const viewer = (subject: Subject = none): ProcedureRule => ({ minRole: "viewer", subject });
const operator = (subject: Subject = none): ProcedureRule => ({ minRole: "operator", subject });
const admin = (subject: Subject = none): ProcedureRule => ({ minRole: "admin", subject });

/** Every procedure of the app router by path. Subscriptions are listed too (their input is checked like a query's). */
export const PROCEDURE_RULES: Record<string, ProcedureRule> = {
  "me.get": viewer(),
  "dashboard.overview": viewer(),
  "system.probeWorker": admin(),
  "system.probeStatus": admin(),
  "resources.list": viewer(),
  "resources.meta": viewer(),
  "resources.query": viewer(),
  "resources.count": viewer(),
  // Operators act on their own rows only: someone else's row is planned invalid (NOT_OWNER), not refused.
  "batch.validate": operator({ on: "rows", resource: "letters", othersRows: "plannedInvalid" }),
  "batch.execute": operator(rowBatch),
  "batch.status": viewer(rowBatch),
  "batch.items": viewer(rowBatch),
  "batch.list": viewer(),
  "batch.actors": viewer(),
  "batch.pause": operator(rowBatch),
  "batch.resume": operator(rowBatch),
  // Viewers may cancel their own exports (they may start them).
  "batch.cancel": viewer({ on: "batch", batchKind: "export" }),
  "batch.discard": operator(rowBatch),
  "batch.retryFailed": operator(rowBatch),
  "batch.revert": operator(rowBatch),
  "batch.timeline": viewer(rowBatch),
  "batch.progress": viewer(rowBatch),
  // Exports are open to every role, on any row (sensitive fields are what is restricted).
  "exports.create": viewer({ on: "rows", resource: "letters", othersRows: "allowed" }),
  "exports.list": viewer(),
  "exports.ofBatch": viewer({ on: "batch", batchKind: "export" }),
  "exports.deleteFile": viewer({ on: "exportFile" }),
  "exports.options": viewer(),
  // Picking someone else's file by id is refused outright (a filter leaves them out).
  "media.fetch": operator({ on: "rows", resource: "media_files", othersRows: "FORBIDDEN" }),
  "media.refetchFailed": operator({ on: "batch", batchKind: "fetch" }),
  "media.fetchItems": viewer({ on: "batch", batchKind: "fetch" }),
  "media.fetchOptions": viewer(),
  "audit.list": admin(),
  // Users are managed by admins; the last-admin rule and the password rule apply inside.
  "users.list": admin(),
  "users.create": admin(),
  "users.setRole": admin(),
  "users.disable": admin(),
  "users.enable": admin(),
  "users.resetPassword": admin(),
  "users.delete": admin(),
  // Everyone manages their own account: the session decides whose, the input names nothing owned.
  "account.changePassword": viewer(),
  "account.sessions": viewer(),
  "account.revokeSession": viewer({ on: "session" }),
  "account.revokeOtherSessions": viewer(),
  // A set-password link is its own credential: anyone holding one may use it, nobody else gets past it.
  "account.setPasswordWithLink": { minRole: "anonymous", subject: none },
};

/**
 * The outcome `rule` promises `caller`, acting on its own thing or on another user's (operator2's,
 * or for an admin anyone's). Admins see and act on everything; others only on their own.
 */
export function expectedOutcome(rule: ProcedureRule, caller: CallerKind, owner: "own" | "other"): ExpectedOutcome {
  if (caller === "anonymous") return rule.minRole === "anonymous" ? "allowed" : "UNAUTHORIZED";
  if (rule.minRole !== "anonymous" && !hasRole(caller, rule.minRole)) return "FORBIDDEN";
  if (rule.subject.on === "session") return owner === "own" ? "allowed" : "NOT_FOUND";
  if (owner === "own" || caller === "admin") return "allowed";
  switch (rule.subject.on) {
    case "none":
      return "allowed";
    case "batch":
    case "exportFile":
      return "NOT_FOUND";
    case "rows":
      return rule.subject.othersRows;
  }
}

/** The entry to add for a procedure that has none, as the matrix test prints it. */
export function missingRuleHint(path: string, type: string): string {
  return (
    `"${path}" (a ${type}) has no authorization rule. Add it to PROCEDURE_RULES in server/auth/procedure-rules.ts, e.g.\n` +
    `  "${path}": viewer(),            // any signed-in user, nothing owned in its input\n` +
    `  "${path}": admin(),             // admins only\n` +
    `  "${path}": operator(rowBatch),  // acts on one batch by batchId: others' batches are NOT_FOUND\n` +
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
  "exports.create": "jobCreation",
  "media.fetch": "jobCreation",
  "media.refetchFailed": "jobCreation",
};

/** The rate-limit class a call of procedure `path` (a query, mutation or subscription) counts in. */
export function procedureRateClass(path: string, type: string): RateClass {
  return PROCEDURE_RATE_CLASSES[path] ?? defaultRateClass(type);
}
