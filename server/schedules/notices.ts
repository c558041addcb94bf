import type pg from "pg";
import { notificationSchema } from "../contracts/schedules";
import { queueEmails, type EmailMessage } from "../notifications/email-outbox";
import { renderEmail } from "../notifications/email-text";
import { notifyUser, notifyUsers } from "../notifications/notify";

// Who hears of a schedule's runs: its owner in the console (and by e-mail per their choices) when a
// run did not commit — held at its preview, skipped, refused, stopped — and the addresses of seed
// 003's `notification` block: `on_failure.email` for those and for a run's batch that failed,
// `on_completion.email` for one that completed. All in the transaction of what they tell of.

export type RunNotice = { runId: string; scheduleId: string; scheduleName: string; ownerId: string; notification: unknown };
type Outcome = "held" | "skipped" | "failed" | "stopped";

const KIND = { held: "schedule_held", skipped: "schedule_skipped", failed: "schedule_held", stopped: "schedule_stopped" } as const;
const TITLE: Record<Outcome, (name: string) => string> = {
  held: (n) => `Schedule "${n}" stopped at its preview`,
  skipped: (n) => `Schedule "${n}" skipped a run`,
  failed: (n) => `Schedule "${n}" could not plan its run`,
  stopped: (n) => `Schedule "${n}" was stopped`,
};

const addresses = (notification: unknown, which: "on_completion" | "on_failure") => notificationSchema.safeParse(notification).data?.[which]?.email ?? [];

function mail(to: readonly string[], title: string, body: string, link: string): EmailMessage[] {
  return to.length ? [{ to, ...renderEmail({ title, body, link, why: "You get this e-mail because a Batchdesk schedule lists your address." }) }] : [];
}

/** Tells of a run that did not commit, in `client`'s transaction. */
export async function noticeRunOutcome(client: pg.PoolClient, run: RunNotice, outcome: Outcome, reason: string, batchId: string | null): Promise<void> {
  const title = TITLE[outcome](run.scheduleName);
  const link = batchId && outcome === "held" ? `/batches/${batchId}` : `/schedules/${run.scheduleId}`;
  await notifyUser(client, { userId: run.ownerId, kind: KIND[outcome], title, body: reason, link, batchId, eventKey: `schedule_run:${run.runId}` });
  if (outcome === "stopped") {
    // A disabled owner reads nothing: the admins hear that their schedule stopped.
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM users WHERE role = 'admin' AND NOT banned AND id <> $1`, [run.ownerId]);
    await notifyUsers(client, rows.map((a) => ({ userId: a.id, kind: "schedule_stopped" as const, title, body: reason, link, batchId, eventKey: `schedule_run:${run.runId}` })));
  }
  // A skipped tick is not a failure of the work: the run before it is still going.
  if (outcome !== "skipped") await queueEmails(client, mail(addresses(run.notification, "on_failure"), title, reason, link));
}

/** Mails seed 003's addresses of the schedules whose runs' batches just ended (from the notification drain's events). */
export async function mailScheduledBatchEnds(client: pg.PoolClient, ends: readonly { batchId: string; toState: string }[]): Promise<void> {
  const finished = ends.filter((e) => ["completed", "completed_with_errors", "failed", "cancelled"].includes(e.toState));
  if (finished.length === 0) return;
  const { rows } = await client.query<{ batch_id: string; schedule_id: string; name: string; notification: unknown }>(
    `SELECT r.batch_id, s.id AS schedule_id, s.name, s.notification FROM schedule_runs r JOIN batch_schedules s ON s.id = r.schedule_id
     WHERE r.batch_id = ANY($1::uuid[]) AND s.notification <> '{}'::jsonb`,
    [finished.map((e) => e.batchId)],
  );
  const bySchedule = new Map(rows.map((r) => [r.batch_id, r]));
  const messages = finished.flatMap((e) => {
    const s = bySchedule.get(e.batchId);
    if (!s) return [];
    const ok = e.toState === "completed" || e.toState === "completed_with_errors";
    const title = `Schedule "${s.name}": its run ${ok ? (e.toState === "completed" ? "completed" : "completed with errors") : e.toState}`;
    return mail(addresses(s.notification, ok ? "on_completion" : "on_failure"), title, `The batch of the scheduled run ended ${e.toState.replace(/_/g, " ")}.`, `/batches/${e.batchId}`);
  });
  await queueEmails(client, messages);
}
