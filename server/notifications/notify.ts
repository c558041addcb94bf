import type pg from "pg";
import { DEFAULT_EMAIL_KINDS, NOTIFICATION_KIND_LABEL, type NotificationKind } from "../contracts/notifications";
import { emailEnabled, queueEmails } from "./email-outbox";
import { renderEmail } from "./email-text";

export type { NotificationKind } from "../contracts/notifications";

export type NotifyInput = {
  userId: string;
  kind: NotificationKind;
  title: string;
  body?: string;
  /** A console path, such as `/batches/<id>` */
  link?: string | null;
  batchId?: string | null;
  /** What it is about, unique per user: a second notification with the same key is dropped. */
  eventKey: string;
  /** Unset: by e-mail when the user chose the kind (Account page); true: always; false: never. */
  email?: boolean;
};

/**
 * Notifies users in the caller's transaction, so a notification exists exactly when what it tells of
 * commits; one already given for the same (user, event key) is not given again, nor mailed again.
 * E-mails (when SMTP_URL is set) go to the users' addresses through the outbox, in the same
 * transaction. Returns how many notifications were new.
 */
export async function notifyUsers(client: pg.PoolClient, items: readonly NotifyInput[]): Promise<number> {
  if (items.length === 0) return 0;
  const { rows } = await client.query<{ userId: string; eventKey: string }>(
    `INSERT INTO notifications (user_id, kind, title, body, link, batch_id, event_key)
     SELECT n.user_id, n.kind, n.title, n.body, n.link, n.batch_id::uuid, n.event_key
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS n(user_id, kind, title, body, link, batch_id, event_key)
     JOIN users u ON u.id = n.user_id
     ON CONFLICT (user_id, event_key) DO NOTHING
     RETURNING user_id AS "userId", event_key AS "eventKey"`,
    [
      items.map((n) => n.userId),
      items.map((n) => n.kind),
      items.map((n) => n.title),
      items.map((n) => n.body ?? ""),
      items.map((n) => n.link ?? null),
      items.map((n) => n.batchId ?? null),
      items.map((n) => n.eventKey),
    ],
  );
  const key = (userId: string, eventKey: string) => `${userId}\u0000${eventKey}`;
  const byKey = new Map(items.map((n) => [key(n.userId, n.eventKey), n] as const).reverse());
  const fresh = rows.map((r) => byKey.get(key(r.userId, r.eventKey))!).filter((n) => n.email !== false);
  if (fresh.length > 0 && emailEnabled()) await mailNotifications(client, fresh);
  return rows.length;
}

/** Notifies one user in the caller's transaction (see notifyUsers); true when it was new. */
export async function notifyUser(client: pg.PoolClient, input: NotifyInput): Promise<boolean> {
  return (await notifyUsers(client, [input])) > 0;
}

/** Queues the e-mails of new notifications whose users want their kind by e-mail (disabled users get none). */
async function mailNotifications(client: pg.PoolClient, items: readonly NotifyInput[]): Promise<void> {
  const { rows } = await client.query<{ id: string; email: string; kinds: string[] | null }>(
    `SELECT u.id, u.email, p.email_kinds AS kinds FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id
     WHERE u.id = ANY($1::text[]) AND NOT u.banned`,
    [[...new Set(items.map((n) => n.userId))]],
  );
  const users = new Map(rows.map((r) => [r.id, r]));
  const messages = items.flatMap((n) => {
    const u = users.get(n.userId);
    if (!u) return [];
    const wants = (u.kinds ?? DEFAULT_EMAIL_KINDS).includes(n.kind);
    if (!wants && n.email !== true) return [];
    const why = wants ? `You get this e-mail because you chose "${NOTIFICATION_KIND_LABEL[n.kind]}" by e-mail.` : undefined;
    return [{ to: [u.email], ...renderEmail({ title: n.title, body: n.body ?? "", link: n.link, why }) }];
  });
  await queueEmails(client, messages);
}
