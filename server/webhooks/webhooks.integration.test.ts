import type http from "node:http";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { commitAndRun, errorOf, idsWhere } from "../../tests/helpers/batch";
import { fileServer, type FileServer } from "../../tests/helpers/media";
import { callerAs } from "../../tests/helpers/session";
import { seedRows } from "../../tests/helpers/seed";
import { pool } from "../db";
import { logger } from "../logger";
import { deliverDue, retryDelaySeconds } from "./deliver";
import { drainOnce, drainOutbox } from "./drain";
import { runWebhookDeliver, runWebhookDrain } from "./run";

// Webhooks end to end against a local receiver: the outbox drained into deliveries, signed POSTs
// verified with the standardwebhooks library, retries, redelivery, disabling, and the drain's
// exactly-once under concurrency and crashes.

type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };
let receiver: FileServer;
let received: Received[] = [];
/** Per path, the statuses to answer with in turn (then 200). */
const script = new Map<string, number[]>();

beforeAll(async () => {
  process.env.WEBHOOK_ALLOW_PRIVATE = "true";
  process.env.WEBHOOK_RETRY_BASE_SECONDS = "0";
  process.env.WEBHOOK_MAX_ATTEMPTS = "5";
  process.env.WEBHOOK_DISABLE_AFTER_FAILURES = "3";
  await seedRows({ letters: 60 });
  receiver = await fileServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = script.get(req.url!)?.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "thanks" : `oops ${status}`);
    });
  });
});

afterAll(async () => {
  await receiver.close();
  for (const k of ["WEBHOOK_ALLOW_PRIVATE", "WEBHOOK_RETRY_BASE_SECONDS", "WEBHOOK_MAX_ATTEMPTS", "WEBHOOK_DISABLE_AFTER_FAILURES"]) delete process.env[k];
});

beforeEach(async () => {
  // Each test hears only its own batches: earlier endpoints go, and so does any event not yet drained.
  await pool().query("DELETE FROM webhook_endpoints");
  await drainOutbox();
  received = [];
  script.clear();
});

/** Renames some of admin's letters and runs the batch to its end; returns the batch id. */
async function adminBatch(title: string, n = 3): Promise<string> {
  const admin = await callerAs("admin");
  const ids = (await idsWhere("letters", "true")).slice(0, n);
  const preview = await admin.batch.validate({
    resource: "letters",
    target: { kind: "ids", ids },
    operation: { type: "update", changes: [{ op: "set", field: "title", value: title }] },
    options: { chunkSize: 100 },
  });
  await commitAndRun(admin, preview.id);
  return preview.id;
}

const deliveriesOf = async (endpointId: string) =>
  (await pool().query<{ event_id: string; state: string; attempts: number; last_status: number | null }>(
    "SELECT event_id, state, attempts, last_status FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY id",
    [endpointId],
  )).rows;

describe("webhooks", () => {
  it("a finished batch makes one signed delivery per matching endpoint, in seed 003's format, and only to endpoints that may see it", async () => {
    const admin = await callerAs("admin");
    const operator = await callerAs("operator");
    const own = await admin.webhooks.create({ url: `${receiver.base}/own`, events: ["job_completed"] });
    const global = await admin.webhooks.create({ url: `${receiver.base}/global`, events: ["job_completed", "job_failed"], global: true });
    const failuresOnly = await admin.webhooks.create({ url: `${receiver.base}/failures`, events: ["job_failed"] });
    const someoneElse = await operator.webhooks.create({ url: `${receiver.base}/operator`, events: ["job_completed"] });
    expect(own.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect((await operator.webhooks.list()).map((w) => w.id)).toEqual([someoneElse.id]);
    expect(JSON.stringify(await admin.webhooks.list())).not.toContain(own.secret);

    const batchId = await adminBatch("Webhook one");
    await runWebhookDrain(logger);

    expect(received.map((r) => r.path).sort()).toEqual(["/global", "/own"]);
    const byPath = new Map(received.map((r) => [r.path, r]));
    for (const [path, secret] of [["/own", own.secret], ["/global", global.secret]] as const) {
      const r = byPath.get(path)!;
      const verified = new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as Record<string, unknown>;
      expect(verified).toMatchObject({
        type: "batch_event",
        event: { type: "job_completed", job_id: batchId, details: { total_operations: 3, succeeded: 3, failed: 0, state: "completed", kind: "rows" } },
      });
      expect(Object.keys(verified)).toEqual(["type", "timestamp", "event"]);
      expect((verified.event as { details: { duration: string } }).details.duration).toMatch(/^\d+(s|m|h)/);
      // Another endpoint's secret does not verify it.
      expect(() => new Webhook(path === "/own" ? global.secret : own.secret).verify(r.body, r.headers as Record<string, string>)).toThrow();
    }
    // One event, one id, whichever endpoint hears it: receivers de-duplicate on it.
    expect(byPath.get("/own")!.headers["webhook-id"]).toBe(byPath.get("/global")!.headers["webhook-id"]);

    expect(await deliveriesOf(failuresOnly.id)).toEqual([]);
    expect(await deliveriesOf(someoneElse.id)).toEqual([]);
    const log = await admin.webhooks.deliveries({ endpointId: own.id });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ state: "delivered", attempts: 1, lastStatus: 200, responseSnippet: "thanks", batchId, eventType: "job_completed" });
    expect(log[0]!.latencyMs).toBeGreaterThanOrEqual(0);
    // Another user's endpoint is not there for them.
    expect((await errorOf(operator.webhooks.deliveries({ endpointId: own.id }))).code).toBe("NOT_FOUND");

    // Draining again finds nothing new and sends nothing again.
    await runWebhookDrain(logger);
    expect(received).toHaveLength(2);
    const audit = await pool().query("SELECT action FROM audit_logs WHERE action LIKE 'webhook.%' AND details->>'endpointId' = $1", [own.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(["webhook.create"]);
  });

  it("retries after 500s with exponential backoff until the receiver answers 200", async () => {
    const admin = await callerAs("admin");
    const ep = await admin.webhooks.create({ url: `${receiver.base}/flaky`, events: ["job_completed"] });
    script.set("/flaky", [500, 500]);
    await adminBatch("Webhook flaky");
    await runWebhookDrain(logger);
    expect(received.map((r) => r.path)).toEqual(["/flaky", "/flaky", "/flaky"]);
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(await deliveriesOf(ep.id)).toMatchObject([{ state: "delivered", attempts: 3, last_status: 200 }]);
    expect((await admin.webhooks.list()).find((w) => w.id === ep.id)).toMatchObject({ enabled: true, consecutiveFailures: 0 });

    // With a real base the waits double: 10 s, 20 s, 40 s; the failed attempt is due again after the first.
    process.env.WEBHOOK_RETRY_BASE_SECONDS = "10";
    try {
      expect([1, 2, 3].map(retryDelaySeconds)).toEqual([10, 20, 40]);
      expect(retryDelaySeconds(40)).toBe(6 * 3600);
      script.set("/flaky", [500]);
      await adminBatch("Webhook flaky later");
      await drainOutbox();
      const r = await deliverDue();
      expect(r).toMatchObject({ attempted: 1, failed: 1, retryInSeconds: 10 });
      const { rows } = await pool().query<{ wait: number }>(
        "SELECT extract(epoch FROM next_attempt_at - updated_at)::float8 AS wait FROM webhook_deliveries WHERE endpoint_id = $1 AND state = 'pending'",
        [ep.id],
      );
      expect(rows[0]!.wait).toBeCloseTo(10, 0);
      expect((await deliverDue()).attempted).toBe(0); // not due yet
    } finally {
      process.env.WEBHOOK_RETRY_BASE_SECONDS = "0";
    }
  });

  it("redeliver sends a delivered event again with the same webhook-id", async () => {
    const operator = await callerAs("operator");
    const admin = await callerAs("admin");
    const ep = await admin.webhooks.create({ url: `${receiver.base}/again`, events: ["job_completed"] });
    await adminBatch("Webhook again");
    await runWebhookDrain(logger);
    const [first] = await admin.webhooks.deliveries({ endpointId: ep.id });
    expect(first).toMatchObject({ state: "delivered" });
    expect((await errorOf(operator.webhooks.redeliver({ endpointId: ep.id, deliveryId: first!.id }))).code).toBe("NOT_FOUND");
    expect(await admin.webhooks.redeliver({ endpointId: ep.id, deliveryId: first!.id })).toMatchObject({ state: "pending", attempts: 0 });
    await runWebhookDeliver(logger);
    expect(received).toHaveLength(2);
    expect(received[1]!.headers["webhook-id"]).toBe(received[0]!.headers["webhook-id"]);
    expect(new Webhook(ep.secret).verify(received[1]!.body, received[1]!.headers as Record<string, string>)).toBeTruthy();
    expect(await deliveriesOf(ep.id)).toMatchObject([{ state: "delivered", attempts: 1 }]);
  });

  it("disables an endpoint after repeated failures, says why, and starts again when enabled", async () => {
    const admin = await callerAs("admin");
    const ep = await admin.webhooks.create({ url: `${receiver.base}/down`, events: ["job_completed"] });
    script.set("/down", [503, 503, 503, 503, 503]);
    await adminBatch("Webhook down");
    await runWebhookDrain(logger);
    // WEBHOOK_DISABLE_AFTER_FAILURES=3: the third failure disables it; nothing is sent after that.
    expect(received).toHaveLength(3);
    const after = (await admin.webhooks.list()).find((w) => w.id === ep.id)!;
    expect(after).toMatchObject({ enabled: false, consecutiveFailures: 3 });
    expect(after.disabledReason).toBe("Disabled after 3 consecutive failed deliveries; the last: HTTP 503");
    expect(after.disabledAt).not.toBeNull();
    const [d] = await admin.webhooks.deliveries({ endpointId: ep.id });
    expect(d).toMatchObject({ state: "pending", attempts: 3, lastStatus: 503, responseSnippet: "oops 503" });
    expect((await errorOf(admin.webhooks.redeliver({ endpointId: ep.id, deliveryId: d!.id }))).code).toBe("CONFLICT");
    const audit = await pool().query("SELECT actor_kind, details FROM audit_logs WHERE action = 'webhook.disable' AND details->>'endpointId' = $1", [ep.id]);
    expect(audit.rows).toHaveLength(1);
    // A disabled endpoint gets no new deliveries either.
    await adminBatch("Webhook while down");
    await runWebhookDrain(logger);
    expect(await deliveriesOf(ep.id)).toHaveLength(1);

    script.set("/down", []);
    expect(await admin.webhooks.update({ endpointId: ep.id, enabled: true })).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledAt: null, disabledReason: null });
    await runWebhookDeliver(logger);
    expect(await deliveriesOf(ep.id)).toMatchObject([{ state: "delivered", attempts: 4, last_status: 200 }]);
  });

  it("gives a delivery up after WEBHOOK_MAX_ATTEMPTS and refuses private addresses unless allowed", async () => {
    const admin = await callerAs("admin");
    process.env.WEBHOOK_DISABLE_AFTER_FAILURES = "100";
    process.env.WEBHOOK_ALLOW_PRIVATE = "false";
    try {
      const ep = await admin.webhooks.create({ url: `${receiver.base}/private`, events: ["job_completed"] });
      await adminBatch("Webhook private");
      await runWebhookDrain(logger);
      expect(received).toHaveLength(0);
      const [d] = await admin.webhooks.deliveries({ endpointId: ep.id });
      expect(d).toMatchObject({ state: "failed", attempts: 5, lastStatus: null });
      expect(d!.responseSnippet).toBe("127.0.0.1 is a private or reserved address; set WEBHOOK_ALLOW_PRIVATE=true to deliver to it.");
    } finally {
      process.env.WEBHOOK_DISABLE_AFTER_FAILURES = "3";
      process.env.WEBHOOK_ALLOW_PRIVATE = "true";
    }
  });

  it("two drainers and two senders at once: every event delivered exactly once", async () => {
    const admin = await callerAs("admin");
    const ep = await admin.webhooks.create({ url: `${receiver.base}/busy`, events: ["job_completed", "job_failed"] });
    const batchId = await adminBatch("Webhook busy");
    await drainOutbox();
    await pool().query("DELETE FROM webhook_deliveries");
    // 120 more final events of that batch, as if 120 batches had ended at once.
    await pool().query(
      `INSERT INTO batch_events (batch_id, kind, action, from_state, to_state, counts, actor_kind)
       SELECT $1, 'rows', 'finish', 'running', CASE WHEN g % 2 = 0 THEN 'completed' ELSE 'failed' END, '{"total": 3}', 'worker' FROM generate_series(1, 120) g`,
      [batchId],
    );
    const drains = await Promise.all([0, 1].map(async () => {
      let n = 0;
      for (;;) {
        const r = await drainOnce(7);
        n += r.deliveries;
        if (r.events === 0) return n;
      }
    }));
    expect(drains[0]! + drains[1]!).toBe(120);
    expect(drains.every((n) => n > 0)).toBe(true); // both took part
    const sent = await Promise.all([deliverDue(), deliverDue()]);
    expect(sent[0]!.delivered + sent[1]!.delivered).toBe(120);
    expect(received).toHaveLength(120);
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(120);
    expect((await deliveriesOf(ep.id)).every((d) => d.state === "delivered" && d.attempts === 1)).toBe(true);
  });

  it("a drain that stops after its transaction, before sending, loses and doubles nothing", async () => {
    const admin = await callerAs("admin");
    const ep = await admin.webhooks.create({ url: `${receiver.base}/crash`, events: ["job_completed"] });
    const a = await adminBatch("Webhook crash a");
    const b = await adminBatch("Webhook crash b");
    // The worker commits the drain and dies before any request goes out.
    expect(await drainOutbox()).toMatchObject({ deliveries: 2 });
    expect(received).toHaveLength(0);
    // Its job is retried (or the sweep runs) in another worker: drain again, then send.
    await runWebhookDrain(logger);
    await runWebhookDrain(logger);
    expect(received.map((r) => (JSON.parse(r.body) as { event: { job_id: string } }).event.job_id).sort()).toEqual([a, b].sort());
    expect(await deliveriesOf(ep.id)).toHaveLength(2);
    const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM batch_events WHERE webhooks_dispatched_at IS NULL");
    expect(rows[0]!.n).toBe(0);
  });

  it("a sender killed mid-request leaves its delivery to be sent again once the lease runs out", async () => {
    const admin = await callerAs("admin");
    const ep = await admin.webhooks.create({ url: `${receiver.base}/lease`, events: ["job_completed"] });
    await adminBatch("Webhook lease");
    await drainOutbox();
    // What a claim leaves behind when its worker dies: an attempt counted, due again after the lease.
    await pool().query("UPDATE webhook_deliveries SET attempts = 1, next_attempt_at = now() + interval '40 seconds' WHERE endpoint_id = $1", [ep.id]);
    expect((await deliverDue()).attempted).toBe(0);
    await pool().query("UPDATE webhook_deliveries SET next_attempt_at = now() - interval '1 second' WHERE endpoint_id = $1", [ep.id]);
    expect(await deliverDue()).toMatchObject({ attempted: 1, delivered: 1 });
    expect(await deliveriesOf(ep.id)).toMatchObject([{ state: "delivered", attempts: 2 }]);
  });

  it("validates endpoints: http(s) URLs, known events, global for admins only; updates and deletes are audited", async () => {
    const operator = await callerAs("operator");
    expect((await errorOf(operator.webhooks.create({ url: "ftp://example.com/x", events: ["job_completed"] }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(operator.webhooks.create({ url: "https://example.com/x", events: [] }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(operator.webhooks.create({ url: "https://example.com/x", events: ["job_completed"], global: true }))).code).toBe("FORBIDDEN");
    const ep = await operator.webhooks.create({ url: "https://example.com/x", events: ["job_completed", "job_completed", "export_ready"] });
    expect(ep.events).toEqual(["job_completed", "export_ready"]);
    expect(await operator.webhooks.update({ endpointId: ep.id, events: ["job_cancelled"], url: "https://example.com/y" })).toMatchObject({ events: ["job_cancelled"], url: "https://example.com/y" });
    await operator.webhooks.delete({ endpointId: ep.id });
    expect(await operator.webhooks.list()).toEqual([]);
    const audit = await pool().query("SELECT action FROM audit_logs WHERE details->>'endpointId' = $1 ORDER BY id", [ep.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(["webhook.create", "webhook.update", "webhook.delete"]);
  });
});
