import { createUser } from "../../users/create";
import { deleteUser, disableUser, enableUser, resetUserPassword, setUserRole } from "../../users/change";
import { listUsers } from "../../users/list";
import { createUserSchema, disableUserSchema, resetPasswordSchema, setRoleSchema, userRefSchema } from "../../users/schemas";
import { adminProcedure, router } from "../init";

// Admins manage users. Each service checks the policy again (and, for changes that could leave no
// admin, under the admin lock), so the tier here only turns others away early.
export const usersRouter = router({
  /** Every user with role, status, last sign-in and last activity. */
  list: adminProcedure.query(() => listUsers()),
  /** Creates a user with a first password, or invited (returns the one-time set-password link). */
  create: adminProcedure.input(createUserSchema).mutation(({ ctx, input }) => createUser({ actor: ctx.actor, headers: ctx.headers }, input)),
  /** Changes a user's role; the last enabled admin cannot be demoted. */
  setRole: adminProcedure.input(setRoleSchema).mutation(({ ctx, input }) => setUserRole({ actor: ctx.actor, headers: ctx.headers }, input)),
  /** Disables a user: their sessions end at once and they cannot sign in. */
  disable: adminProcedure.input(disableUserSchema).mutation(({ ctx, input }) => disableUser({ actor: ctx.actor, headers: ctx.headers }, input)),
  /** Enables a disabled user again. */
  enable: adminProcedure.input(userRefSchema).mutation(({ ctx, input }) => enableUser({ actor: ctx.actor, headers: ctx.headers }, input)),
  /** Sets a temporary password, or returns a one-time set-password link. */
  resetPassword: adminProcedure.input(resetPasswordSchema).mutation(({ ctx, input }) => resetUserPassword({ actor: ctx.actor, headers: ctx.headers }, input)),
  /** Deletes a user who owns no records or batches. */
  delete: adminProcedure.input(userRefSchema).mutation(({ ctx, input }) => deleteUser({ actor: ctx.actor, headers: ctx.headers }, input)),
});
