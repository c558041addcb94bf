import type { Actor } from "../auth/actor";

/**
 * Whose budget and idempotency keys a request uses: each API token its own (`token:<id>`), so one
 * runaway script cannot spend its owner's console budget; a console user per user (`user:<id>`),
 * whichever session or tab; a schedule by what runs it.
 */
export function actorKey(actor: Actor): string {
  if (actor.kind === "token") return `token:${actor.tokenId}`;
  if (actor.kind === "system") return `system:${actor.via}`;
  return `user:${actor.id}`;
}
