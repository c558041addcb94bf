import type { ApiScope } from "../contracts/scopes";
import type { Role } from "./roles";

/** The user on whose behalf something happens: whose role, rows and limits apply. */
export type ActingUser = { id: string; email: string; name: string; role: Role };

/**
 * Who acts, for every service: a user signed in to the console, a script with one of that user's
 * API tokens (its scopes narrow what the role allows), or the system running something the user set
 * up (a schedule). In each case `id` and `role` are the user's, so ownership, limits and audit apply
 * to that user; `kind` (and the token or schedule) say how they acted.
 */
export type Actor =
  | (ActingUser & { kind: "user" })
  | (ActingUser & { kind: "token"; tokenId: string; scopes: readonly ApiScope[] })
  | (ActingUser & { kind: "system"; via: string });

/** Background processes move batches too (claim, finish, fail); they act for no user. */
export const WORKER = { kind: "worker" } as const;
export type Worker = typeof WORKER;

/** The actor of a signed-in console user. */
export function userActor(user: ActingUser): Actor {
  return { kind: "user", id: user.id, email: user.email, name: user.name, role: user.role };
}

/** The token or schedule an actor acted through, for audit and event rows; null for a signed-in user. */
export function actorVia(actor: Actor): string | null {
  if (actor.kind === "token") return `token:${actor.tokenId}`;
  if (actor.kind === "system") return actor.via;
  return null;
}
