import { protectedProcedure, router } from "../init";

export const meRouter = router({
  /** The signed-in user and role, for the app shell. */
  get: protectedProcedure.query(({ ctx }) => ctx.user),
});
