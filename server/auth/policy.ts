import type { ApiScope } from "../contracts/scopes";
import type { RowOperationType } from "../contracts/batch";
import { AppError } from "../errors";
import type { ResourceDef } from "../resources/types";
import type { Actor } from "./actor";
import { hasRole, roleSchema, type Role } from "./roles";

// Every permission rule of Batchdesk, in one place. Services ask here; procedure tiers (server/trpc)
// only turn away roles that can never succeed, before any input is read.

type Who = Pick<Actor, "id" | "role">;

/** Operations that cannot be undone by a revert: admins only. */
const ADMIN_ONLY: ReadonlySet<string> = new Set<RowOperationType>(["hardDelete", "deleteByKey"]);

/**
 * Row operations `role` may start on `res`: viewers none, operators all but destructive ones, admins
 * all. (Exports are open to every role: `mayExport`.)
 */
export function allowedOperations(res: ResourceDef, role: Role): ResourceDef["operations"][number][] {
  if (role === "viewer") return [];
  return res.operations.filter((op) => role === "admin" || !ADMIN_ONLY.has(op));
}

/** Refuses an operation the actor's role may not run on `res`. */
export function assertMayRun(actor: Who, res: ResourceDef, operation: string): void {
  if (!(allowedOperations(res, actor.role) as string[]).includes(operation)) {
    throw new AppError("FORBIDDEN", `Your role (${actor.role}) may not run "${operation}" on ${res.label}.`);
  }
}

/** Any role may export a resource that can be exported. */
export function mayExport(res: ResourceDef): boolean {
  return res.operations.includes("export");
}

/** Operators act only on rows they own; admins on every row. Checked per row by the planner and the fetch. */
export function restrictedToOwnRows(role: Role): boolean {
  return role !== "admin";
}

/** Only admins may push a status change past the allowed transitions. */
export function mayForce(role: Role): boolean {
  return role === "admin";
}

/**
 * Sensitive fields (letters' content and sender, orders' customer, …) are never read by viewers:
 * not in the table, not through a quick search, filter or sort (each would be an oracle), not in a
 * batch's before/after values or results file. Operators read them — they edit them on their own
 * rows — but only admins may take them out in bulk (`mayExportSensitive`).
 */
export function maySeeSensitive(role: Role): boolean {
  return role !== "viewer";
}

/** The fields of `res` the role may not read, by API name (empty for most). */
export function hiddenFields(res: Pick<ResourceDef, "fields">, role: Role): ReadonlySet<string> {
  return maySeeSensitive(role) ? NOTHING_HIDDEN : new Set(res.fields.filter((f) => f.sensitive).map((f) => f.name));
}

const NOTHING_HIDDEN: ReadonlySet<string> = new Set();

/** Refuses to filter, sort or search by a field the role may not read. */
export function assertMayRead(field: { name: string; label: string }, hidden: ReadonlySet<string>, use: "filter" | "sort"): void {
  if (hidden.has(field.name)) {
    throw new AppError("FORBIDDEN", `${field.label} is sensitive: your role may not ${use} by it.`, { field: field.name });
  }
}

/**
 * A batch's plan carries its planner's reach (whose rows, force, destructive operations). Committing
 * or resuming it with a role below the planner's is refused: a user demoted after a preview cannot
 * commit it. (An admin may still commit an operator's batch: that adds no reach.)
 */
export function planStillAllowed(actor: Who, batch: { plannedRole: string | null }): boolean {
  if (batch.plannedRole === null) return true;
  const planned = roleSchema.safeParse(batch.plannedRole);
  return planned.success && hasRole(actor.role, planned.data);
}

/** Refuses a commit or resume that `planStillAllowed` does not allow, saying what to do instead. */
export function assertPlanStillAllowed(actor: Who, batch: { plannedRole: string | null }): void {
  if (!planStillAllowed(actor, batch)) {
    throw new AppError(
      "FORBIDDEN",
      `This batch was previewed with the ${batch.plannedRole} role and your role is now ${actor.role}: preview it again to run it with your role.`,
    );
  }
}

/** Only admins may put sensitive fields in an export. */
export function mayExportSensitive(role: Role): boolean {
  return role === "admin";
}

/** Operators and admins may download a resource's files into storage, where it has any. */
export function mayFetchFiles(res: ResourceDef, role: Role): boolean {
  return Boolean(res.fetchesFiles) && hasRole(role, "operator");
}

/** Users see (and control) the batches they started; admins see all. */
export function canSeeBatch(actor: Who, createdById: string): boolean {
  return actor.role === "admin" || actor.id === createdById;
}

/** A batch the actor may not see is answered exactly like one that does not exist. */
export function assertCanSeeBatch(actor: Who, createdById: string): void {
  if (!canSeeBatch(actor, createdById)) throw new AppError("NOT_FOUND", "No such batch.");
}

/**
 * Who may pause, resume, cancel, commit, retry or revert a batch: whoever may see it, if their role
 * may run batches at all — and viewers their own exports (they may start those, so they may stop them).
 */
export function mayControlBatch(actor: Who, batch: { createdById: string; kind: string }): boolean {
  return canSeeBatch(actor, batch.createdById) && (hasRole(actor.role, "operator") || batch.kind === "export");
}

/** Whose batches a list shows: everyone's for admins (optionally one user's), else only the actor's. */
export function batchOwnerFilter(actor: Who, requested?: string): string | undefined {
  return actor.role === "admin" ? requested : actor.id;
}

/** Only admins clean up finished batches' per-row data and files (everyone's, so no one else may). */
export function assertMayPurgeBatches(actor: Who): void {
  if (actor.role !== "admin") throw new AppError("FORBIDDEN", "Only admins may clean up finished batches.");
}

/** Users download the files of batches they started (or files they created); admins download all. */
export function canDownload(actor: Who, file: { ownerId: string }): boolean {
  return actor.role === "admin" || actor.id === file.ownerId;
}

/**
 * The API token scopes each role may hold — the one place this is decided. A token is never issued
 * wider than this, and at each request its scopes are cut down to what its owner's role allows now
 * (`effectiveScopes`), so demoting a user shrinks their tokens at once.
 */
const ROLE_SCOPES: Record<Role, readonly ApiScope[]> = {
  viewer: ["read", "exports"],
  operator: ["read", "exports", "batches", "media"],
  admin: ["read", "exports", "batches", "media", "admin"],
};

/** The scopes a token of a user with `role` may carry. */
export function scopesForRole(role: Role): readonly ApiScope[] {
  return ROLE_SCOPES[role];
}

/** A token's scopes ∩ what its owner's current role allows. */
export function effectiveScopes(scopes: readonly string[], role: Role): ApiScope[] {
  return ROLE_SCOPES[role].filter((s) => scopes.includes(s));
}

/** Refuses to issue a token with a scope the user's role may not hold. */
export function assertMayGrantScopes(actor: Who, scopes: readonly ApiScope[]): void {
  const beyond = scopes.filter((s) => !ROLE_SCOPES[actor.role].includes(s));
  if (beyond.length) throw new AppError("FORBIDDEN", `Your role (${actor.role}) may not give a token the ${beyond.map((s) => `"${s}"`).join(", ")} scope${beyond.length > 1 ? "s" : ""}.`, { scopes: beyond });
}

/** Users see and revoke their own tokens; admins anyone's. */
export function mayManageToken(actor: Who, token: { userId: string }): boolean {
  return actor.role === "admin" || actor.id === token.userId;
}

/** A token is limited to its scopes; signed-in users and the system act with their role's full reach. */
export function hasScope(actor: Actor, scope: ApiScope): boolean {
  return actor.kind !== "token" || actor.scopes.includes(scope) || actor.scopes.includes("admin");
}

/** Refuses a call the actor's token was not issued for. */
export function requireScope(actor: Actor, scope: ApiScope): void {
  if (!hasScope(actor, scope)) throw new AppError("FORBIDDEN", `This token lacks the "${scope}" scope.`);
}

/**
 * What an API token needs to call something: a scope; any of several (the service then asks for
 * the one its subject needs, as `scopeForBatchKind`); or `"session"` — never with a token, only
 * signed in to the console (managing tokens, one's account, users).
 */
export type TokenAccess = ApiScope | readonly ApiScope[] | "session";

/** Refuses a token `access` does not let through; signed-in users and the system pass. */
export function assertTokenAccess(actor: Actor, access: TokenAccess): void {
  if (actor.kind !== "token") return;
  if (access === "session") throw new AppError("FORBIDDEN", "API tokens cannot do this: sign in to the console to manage tokens, your account or users.");
  if (typeof access === "string") return requireScope(actor, access);
  if (!access.some((s) => hasScope(actor, s))) throw new AppError("FORBIDDEN", `This token needs one of the scopes ${access.map((s) => `"${s}"`).join(", ")}.`);
}

/** The scope a token needs to act on a batch of `kind`: exports are "exports", file fetches "media", the rest "batches". */
export function scopeForBatchKind(kind: string): ApiScope {
  return kind === "export" ? "exports" : kind === "fetch" ? "media" : "batches";
}

// ───────────── Users and accounts ─────────────

/**
 * A disabled (banned) user acts in no way at all: no session, no API token, no schedule resolves to an
 * actor for them (server/auth/session.ts asks this, and so must every future way of acting). A ban
 * whose `banExpires` has passed no longer counts, as better-auth's admin plugin treats it.
 */
export function mayAct(user: { banned?: boolean | null; banExpires?: Date | string | null }): boolean {
  if (!user.banned) return true;
  return user.banExpires != null && new Date(user.banExpires).getTime() <= Date.now();
}

/** Only admins list, create, change and disable users. */
export function mayManageUsers(actor: Who): boolean {
  return actor.role === "admin";
}

/** Refuses a user-management call from anyone but an admin. */
export function assertMayManageUsers(actor: Who): void {
  if (!mayManageUsers(actor)) throw new AppError("FORBIDDEN", "Only admins manage users.");
}

/** What an admin does to an account that can lock them out of it; done to one's own account it is refused. */
export type SelfLockout = "disable" | "delete";

/** An admin may not disable or delete their own account (they would lose the session they are using). */
export function assertNotSelf(actor: Who, targetId: string, change: SelfLockout): void {
  if (actor.id === targetId) throw new AppError("BAD_REQUEST", `You cannot ${change} your own account; ask another admin.`);
}

/**
 * The last active admin stays: a change that would leave no enabled admin (demoting, disabling or
 * deleting them) is refused. `remaining` counts enabled admins other than the target, read under the
 * lock that serialises every such change (server/users/admin-lock.ts), so two admins demoting each
 * other at once cannot both pass.
 */
export function assertAdminRemains(remaining: number, target: { email: string }): void {
  if (remaining < 1) {
    throw new AppError("CONFLICT", `${target.email} is the last active admin. Make another user an admin first.`);
  }
}
