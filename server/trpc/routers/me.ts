import { protectedProcedure, router } from "../init";

export const meRouter = router({
  /** The signed-in user and role, for the app shell. */
  get: protectedProcedure.query(({ ctx: { actor } }) => ({ id: actor.id, email: actor.email, name: actor.name, role: actor.role, kind: actor.kind })),
});
