import { notificationListSchema, notificationRefSchema } from "../../contracts/notifications";
import { listNotifications, markAllRead, markRead, unreadCount } from "../../notifications/inbox";
import { protectedProcedure, router } from "../init";

// The bell: the caller's own notifications only.
export const notificationsRouter = router({
  /** The caller's newest notifications, newest first, and the unread count. */
  list: protectedProcedure.input(notificationListSchema).query(({ ctx, input }) => listNotifications(ctx.actor, input?.limit)),
  unreadCount: protectedProcedure.query(async ({ ctx }) => ({ count: await unreadCount(ctx.actor) })),
  markRead: protectedProcedure.input(notificationRefSchema).mutation(({ ctx, input }) => markRead(ctx.actor, input.notificationId)),
  markAllRead: protectedProcedure.mutation(({ ctx }) => markAllRead(ctx.actor)),
});
