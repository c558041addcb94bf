import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { commitAndRun, errorOf, idsWhere } from "../../tests/helpers/batch";
import { fileServer, type FileServer } from "../../tests/helpers/media";
import { asOwner } from "../../tests/helpers/owner";
import { seedRows, userId } from "../../tests/helpers/seed";
import { callerAs } from "../../tests/helpers/session";
import { pool } from "../db";
import { logger } from "../logger";
import { withTransaction } from "../sql/tx";
import { drainOutbox } from "../webhooks/drain";
import { runWebhookDrain } from "../webhooks/run";
import { drainNotifications, drainNotificationsOnce } from "./drain";
import { queueEmail } from "./email-outbox";
import { notifyUser } from "./notify";
import { runNotificationDrain } from "./run";

// Notifications end to end: a batch's end drained from the outbox into one notification for its
// creator (exactly once, through failures and concurrent drains), the bell's reads and marks (only
// one's own), e-mail through a local SMTP sink (with a refusal retried), and a disabled webhook.

type Mail = { to: string[]; parsed: ParsedMail };
let smtp: SMTPServer;
let smtpPort = 0;
let mails: Mail[] = [];
/** How many messages the sink refuses (451) before it accepts again. */
let refuseNext = 0;

beforeAll(async () => {
  await seedRows({ letters: 40 });
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (refuseNext > 0) {
          refuseNext--;
          callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
          return;
        }
        void simpleParser(Buffer.concat(chunks)).then((parsed) => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), parsed });
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  process.env.APP_URL = "https://batchdesk.example.com";
  process.env.EMAIL_RETRY_BASE_SECONDS = "0";
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(resolve));
  for (const k of ["APP_URL", "EMAIL_RETRY_BASE_SECONDS", "SMTP_URL", "MAIL_FROM"]) delete process.env[k];
});

beforeEach(async () => {
  delete process.env.SMTP_URL;
  // Each test hears only its own events.
  await drainNotifications();
  await pool().query("DELETE FROM notifications");
  await pool().query("DELETE FROM email_outbox");
  await pool().query("DELETE FROM notification_preferences");
  mails = [];
  refuseNext = 0;
});

/** Renames some of `who`'s letters and runs the batch to its end; returns the batch id. */
async function finishedBatch(who: "admin" | "operator", title: string): Promise<string> {
  const caller = await callerAs(who);
  const ids = (await idsWhere("letters", "owner_id = $1", [await userId(who)])).slice(0, 3);
  const preview = await caller.batch.validate({
    resource: "letters",
    target: { kind: "ids", ids },
    operation: { type: "update", changes: [{ op: "set", field: "title", value: title }] },
    options: { chunkSize: 100 },
  });
  await commitAndRun(caller, preview.id);
  return preview.id;
}

const notificationsOf = async (who: string) =>
  (await pool().query<{ kind: string; title: string; body: string; link: string | null; batch_id: string | null; read_at: Date | null }>(
    "SELECT kind, title, body, link, batch_id, read_at FROM notifications WHERE user_id = $1 ORDER BY id",
    [await userId(who)],
  )).rows;

const undrained = async (batchId: string) =>
  (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM batch_events WHERE batch_id = $1 AND notified_at IS NULL", [batchId])).rows[0]!.n;

describe("notifications of a batch's end", () => {
  it("tells the batch's creator once, with a link to the batch, and nobody else", async () => {
    const batchId = await finishedBatch("admin", "Notified once");
    await drainNotifications();
    await drainNotifications();
    expect(await notificationsOf("admin")).toEqual([
      { kind: "batch_completed", title: "Batch completed · letters: Edit fields", body: "3 rows done.", link: `/batches/${batchId}`, batch_id: batchId, read_at: null },
    ]);
    expect(await notificationsOf("operator")).toEqual([]);
    expect(await undrained(batchId)).toBe(0);
  });

  it("a drain that fails halfway leaves its events undrained, and the next drain notifies each once", async () => {
    // The first notification insert fails, as a killed or erroring drain would: its transaction rolls back.
    await asOwner(`CREATE SEQUENCE notify_fail_seq;
      CREATE FUNCTION notify_fail_once() RETURNS trigger SECURITY DEFINER LANGUAGE plpgsql AS $$
      BEGIN IF nextval('notify_fail_seq') = 1 THEN RAISE EXCEPTION 'notification insert failed'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER notify_fail BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION notify_fail_once();`);
    try {
      const batchId = await finishedBatch("admin", "Notified after a failure");
      await expect(drainNotifications()).rejects.toThrow("notification insert failed");
      expect(await undrained(batchId)).toBeGreaterThan(0);
      expect(await notificationsOf("admin")).toEqual([]);
      await drainNotifications();
      await drainNotifications();
      expect((await notificationsOf("admin")).map((n) => n.batch_id)).toEqual([batchId]);
      expect(await undrained(batchId)).toBe(0);
    } finally {
      await asOwner("DROP TRIGGER notify_fail ON notifications; DROP FUNCTION notify_fail_once(); DROP SEQUENCE notify_fail_seq;");
    }
  });

  it("two drains at once notify every event exactly once", async () => {
    const batchId = await finishedBatch("operator", "Busy drains");
    await drainNotifications();
    await pool().query("DELETE FROM notifications");
    await pool().query(
      `INSERT INTO batch_events (batch_id, kind, action, from_state, to_state, counts, actor_kind)
       SELECT $1, 'rows', 'finish', 'running', CASE WHEN g % 2 = 0 THEN 'completed' ELSE 'failed' END, '{"total": 3}', 'worker' FROM generate_series(1, 120) g`,
      [batchId],
    );
    const drains = await Promise.all(
      [0, 1].map(async () => {
        let n = 0;
        for (;;) {
          const r = await drainNotificationsOnce(7);
          n += r.notifications;
          if (r.events === 0) return n;
        }
      }),
    );
    expect(drains[0]! + drains[1]!).toBe(120);
    expect(drains.every((n) => n > 0)).toBe(true);
    const kinds = (await notificationsOf("operator")).map((n) => n.kind);
    expect(kinds.filter((k) => k === "batch_failed")).toHaveLength(60);
    expect(kinds.filter((k) => k === "batch_completed")).toHaveLength(60);
  });
});

describe("the bell", () => {
  const say = (who: string, key: string, title: string) =>
    withTransaction(async (client) => notifyUser(client, { userId: who, kind: "batch_completed", title, eventKey: key, link: "/batches" }));

  it("lists, counts and marks read only the caller's own notifications", async () => {
    const admin = await callerAs("admin");
    const operator = await callerAs("operator");
    const [adminId, operatorId] = [await userId("admin"), await userId("operator")];
    expect(await say(adminId, "t:1", "First")).toBe(true);
    expect(await say(adminId, "t:2", "Second")).toBe(true);
    expect(await say(adminId, "t:2", "Second again")).toBe(false); // same event, not twice
    expect(await say(operatorId, "t:1", "Operator's")).toBe(true);

    expect(await admin.notifications.unreadCount()).toEqual({ count: 2 });
    const list = await admin.notifications.list();
    expect(list.unread).toBe(2);
    expect(list.items.map((n) => n.title)).toEqual(["Second", "First"]);
    const theirs = (await operator.notifications.list()).items[0]!;
    expect((await errorOf(admin.notifications.markRead({ notificationId: theirs.id }))).code).toBe("NOT_FOUND");

    expect((await admin.notifications.markRead({ notificationId: list.items[1]!.id })).readAt).toBeInstanceOf(Date);
    expect(await admin.notifications.unreadCount()).toEqual({ count: 1 });
    expect(await admin.notifications.markAllRead()).toEqual({ marked: 1 });
    expect(await admin.notifications.unreadCount()).toEqual({ count: 0 });
    expect(await operator.notifications.unreadCount()).toEqual({ count: 1 });
  });
});

describe("e-mail", () => {
  const useSink = () => (process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`);
  const outbox = async () => (await pool().query<{ state: string; attempts: number; last_error: string | null }>("SELECT state, attempts, last_error FROM email_outbox ORDER BY id")).rows;

  it("mails a subscribed kind with text and HTML linking to the batch; the defaults mail failures only", async () => {
    useSink();
    process.env.MAIL_FROM = "Batchdesk <robot@batchdesk.example.com>";
    const admin = await callerAs("admin");
    expect((await admin.account.notificationPreferences()).emailKinds).toEqual(["batch_completed_with_errors", "batch_failed", "webhook_disabled", "schedule_held", "schedule_stopped", "approval_requested"]);
    await admin.account.setNotificationPreferences({ emailKinds: ["batch_completed", "batch_failed"] });
    const batchId = await finishedBatch("admin", "Mailed");
    // The operator keeps the defaults: a completed batch is in the console only.
    await finishedBatch("operator", "Not mailed");
    await runNotificationDrain(logger);

    expect(mails).toHaveLength(1);
    const [{ to, parsed }] = mails as [Mail];
    expect(to).toEqual(["admin@batchdesk.local"]);
    expect(parsed.from?.text).toBe('"Batchdesk" <robot@batchdesk.example.com>');
    expect(parsed.subject).toBe("Batch completed · letters: Edit fields");
    const link = `https://batchdesk.example.com/batches/${batchId}`;
    expect(parsed.text).toContain("3 rows done.");
    expect(parsed.text).toContain(`Open it in Batchdesk: ${link}`);
    expect(parsed.html).toContain(`<a href="${link}"`);
    expect(parsed.html).toContain("https://batchdesk.example.com/account");
    expect(await outbox()).toEqual([{ state: "sent", attempts: 1, last_error: null }]);
    expect(await notificationsOf("operator")).toHaveLength(1);
  });

  it("retries an e-mail the server refused, and sends it once", async () => {
    useSink();
    refuseNext = 1;
    await withTransaction((client) =>
      queueEmail(client, { to: ["manager@example.com"], subject: "Daily run done", text: "It ran.", html: "<p>It ran.</p>" }),
    );
    await runNotificationDrain(logger);
    expect(mails.map((m) => [m.to, m.parsed.subject])).toEqual([[["manager@example.com"], "Daily run done"]]);
    const [row] = await outbox();
    expect(row).toMatchObject({ state: "sent", attempts: 2 });
  });

  it("keeps a refused e-mail for later with its error, and queues none without SMTP_URL", async () => {
    useSink();
    process.env.EMAIL_RETRY_BASE_SECONDS = "60";
    refuseNext = 1;
    try {
      await withTransaction((client) => queueEmail(client, { to: ["a@example.com"], subject: "Later", text: "x", html: "<p>x</p>" }));
      await runNotificationDrain(logger);
      const [row] = await outbox();
      expect(row).toMatchObject({ state: "pending", attempts: 1 });
      expect(row!.last_error).toContain("Try again later");
      expect(mails).toHaveLength(0);
    } finally {
      process.env.EMAIL_RETRY_BASE_SECONDS = "0";
    }
    await pool().query("DELETE FROM email_outbox");
    delete process.env.SMTP_URL;
    expect(await withTransaction((client) => queueEmail(client, { to: ["a@example.com"], subject: "Never", text: "x", html: "x" }))).toBe(false);
    const admin = await callerAs("admin");
    await admin.account.setNotificationPreferences({ emailKinds: ["batch_completed"] });
    await finishedBatch("admin", "No SMTP");
    await drainNotifications();
    expect(await notificationsOf("admin")).toHaveLength(1);
    expect(await outbox()).toEqual([]);
  });
});

describe("a webhook disabled after repeated failures", () => {
  let receiver: FileServer;
  beforeAll(async () => {
    receiver = await fileServer((_req, res) => res.writeHead(503).end("down"));
    process.env.WEBHOOK_ALLOW_PRIVATE = "true";
    process.env.WEBHOOK_RETRY_BASE_SECONDS = "0";
    process.env.WEBHOOK_DISABLE_AFTER_FAILURES = "2";
  });
  afterAll(async () => {
    await receiver.close();
    for (const k of ["WEBHOOK_ALLOW_PRIVATE", "WEBHOOK_RETRY_BASE_SECONDS", "WEBHOOK_DISABLE_AFTER_FAILURES"]) delete process.env[k];
  });

  it("tells its owner, or every admin for a global one", async () => {
    const operator = await callerAs("operator");
    const admin = await callerAs("admin");
    await pool().query("DELETE FROM webhook_endpoints");
    await drainOutbox(); // earlier tests' events are no news to these endpoints
    await operator.webhooks.create({ url: `${receiver.base}/own`, events: ["job_completed"] });
    await admin.webhooks.create({ url: `${receiver.base}/global`, events: ["job_completed"], global: true });
    await finishedBatch("operator", "Webhook down");
    await runWebhookDrain(logger);

    const host = new URL(receiver.base).host;
    const own = (await notificationsOf("operator")).filter((n) => n.kind === "webhook_disabled");
    expect(own).toEqual([
      expect.objectContaining({ title: `Webhook disabled · ${host}`, link: "/webhooks", body: expect.stringContaining("Disabled after 2 consecutive failed deliveries; the last: HTTP 503") }),
    ]);
    const global = (await notificationsOf("admin")).filter((n) => n.kind === "webhook_disabled");
    expect(global.map((n) => n.title)).toEqual([`Webhook disabled · ${host} (global)`]);
    await pool().query("DELETE FROM webhook_endpoints");
  });
});
