import type { ActingUser } from "../auth/actor";
import type { NotificationKind } from "../contracts/notifications";
import { pool } from "../db";
import { AppError } from "../errors";

// A user's own notifications, as the bell shows them. Nobody sees or marks anyone else's, admins
// included: someone else's notification is answered like one that does not exist.

export type NotificationItem = {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  batchId: string | null;
  createdAt: Date;
  readAt: Date | null;
};

/** The user's newest notifications, newest first, with how many are unread in all. */
export async function listNotifications(user: Pick<ActingUser, "id">, limit = 20): Promise<{ items: NotificationItem[]; unread: number }> {
  const [items, unread] = await Promise.all([
    pool().query<NotificationItem>(
      `SELECT id::text AS id, kind, title, body, link, batch_id AS "batchId", created_at AS "createdAt", read_at AS "readAt"
       FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2`,
      [user.id, limit],
    ),
    unreadCount(user),
  ]);
  return { items: items.rows, unread };
}

/** How many of the user's notifications are unread. */
export async function unreadCount(user: Pick<ActingUser, "id">): Promise<number> {
  const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL", [user.id]);
  return rows[0]!.n;
}

/** Marks one of the user's notifications read (again is fine); someone else's is NOT_FOUND. */
export async function markRead(user: Pick<ActingUser, "id">, notificationId: string): Promise<{ id: string; readAt: Date }> {
  const { rows } = await pool().query<{ id: string; readAt: Date }>(
    `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1::bigint AND user_id = $2 RETURNING id::text AS id, read_at AS "readAt"`,
    [notificationId, user.id],
  );
  if (!rows[0]) throw new AppError("NOT_FOUND", "No such notification.");
  return rows[0];
}

/** Marks every unread notification of the user read; returns how many were. */
export async function markAllRead(user: Pick<ActingUser, "id">): Promise<{ marked: number }> {
  const { rowCount } = await pool().query("UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL", [user.id]);
  return { marked: rowCount ?? 0 };
}
