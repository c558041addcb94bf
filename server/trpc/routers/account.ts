import { notificationPreferencesSchema } from "../../contracts/notifications";
import { notificationPreferences, setNotificationPreferences } from "../../notifications/preferences";
import { changeOwnPassword, listOwnSessions, revokeOtherOwnSessions, revokeOwnSession } from "../../users/account";
import { setPasswordWithLink } from "../../users/password-links";
import { changePasswordSchema, passwordLinkSchema, sessionRefSchema } from "../../users/schemas";
import { protectedProcedure, publicProcedure, router } from "../init";

export const accountRouter = router({
  /** Changes the signed-in user's password (the current one is required). */
  changePassword: protectedProcedure.input(changePasswordSchema).mutation(({ ctx, input }) => changeOwnPassword({ actor: ctx.actor, headers: ctx.headers }, input)),
  /** The user's open sessions, this one marked. */
  sessions: protectedProcedure.query(({ ctx }) => listOwnSessions({ actor: ctx.actor, headers: ctx.headers })),
  /** Signs out one other session of the user. */
  revokeSession: protectedProcedure.input(sessionRefSchema).mutation(({ ctx, input }) => revokeOwnSession({ actor: ctx.actor, headers: ctx.headers }, input)),
  /** Signs out every session of the user but this one. */
  revokeOtherSessions: protectedProcedure.mutation(({ ctx }) => revokeOtherOwnSessions({ actor: ctx.actor, headers: ctx.headers })),
  /** Which notifications the user also gets by e-mail. */
  notificationPreferences: protectedProcedure.query(({ ctx }) => notificationPreferences(ctx.actor)),
  setNotificationPreferences: protectedProcedure.input(notificationPreferencesSchema).mutation(({ ctx, input }) => setNotificationPreferences(ctx.actor, input.emailKinds)),
  /** Sets a password with a one-time link (invite or reset); needs no session, the link is the proof. */
  setPasswordWithLink: publicProcedure.input(passwordLinkSchema).mutation(({ input }) => setPasswordWithLink(input.token, input.password)),
});
