import type { ActingUser } from "../auth/actor";
import { DEFAULT_EMAIL_KINDS, NOTIFICATION_KINDS, type NotificationKind } from "../contracts/notifications";
import { pool } from "../db";
import { emailEnabled } from "./email-outbox";

export type NotificationPreferences = {
  /** The kinds the user also gets by e-mail (every kind shows in the console). */
  emailKinds: NotificationKind[];
  /** Whether this install sends e-mail at all (SMTP_URL). */
  emailEnabled: boolean;
  /** The user has not chosen: the defaults apply, and follow them if they change. */
  isDefault: boolean;
};

const known = (kinds: readonly string[]) => NOTIFICATION_KINDS.filter((k) => kinds.includes(k));

/** The user's e-mail choices, or the defaults while they made none. */
export async function notificationPreferences(user: Pick<ActingUser, "id">): Promise<NotificationPreferences> {
  const { rows } = await pool().query<{ kinds: string[] }>("SELECT email_kinds AS kinds FROM notification_preferences WHERE user_id = $1", [user.id]);
  const kinds = rows[0]?.kinds;
  return { emailKinds: known(kinds ?? DEFAULT_EMAIL_KINDS), emailEnabled: emailEnabled(), isDefault: kinds === undefined };
}

/** Sets which kinds the user gets by e-mail. */
export async function setNotificationPreferences(user: Pick<ActingUser, "id">, emailKinds: readonly NotificationKind[]): Promise<NotificationPreferences> {
  await pool().query(
    `INSERT INTO notification_preferences (user_id, email_kinds) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET email_kinds = excluded.email_kinds, updated_at = now()`,
    [user.id, known(emailKinds)],
  );
  return notificationPreferences(user);
}
