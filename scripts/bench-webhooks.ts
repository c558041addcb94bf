// Webhook latency benchmark: event → webhook delivered, p50/p95 over EVENTS batch ends, through the
// path production takes. A real worker process (`server/worker/main.ts`, as `npm run worker` starts
// it) runs everything: each batch committed here is run by its batch.run job, whose end writes the
// outbox event (batch_events) and queues the drain in the same transaction (batches/transition.ts);
// the worker's webhook.drain job turns it into a delivery and POSTs it, signed, to a node:http
// receiver on 127.0.0.1 that verifies every request with standardwebhooks' verifier.
// Latency = the receiver's clock at receipt − batch_events.at (CURRENT_TIMESTAMP of the ending
// transaction: its start, so the figure includes that transaction's own time and errs high).
// The worker runs with WEBHOOK_ALLOW_PRIVATE=true, as the tests do, so the loopback receiver passes
// the private-address guard (server/media/network.ts postGuarded).
// Batches are committed about one every --interval-ms (default 250; each gap drawn from 0.5–1.5×
// that, so ends do not fall in step with the worker's 0.5 s polls), not one after another's
// delivery, so several are in flight as in a busy install. Prints `name: value` lines. `npm run bench` runs it
// on its database; alone:
//   DATABASE_URL=… npx tsx scripts/bench-webhooks.ts [--events 200] [--interval-ms 250]
// on a migrated database (missing letters and the demo accounts are seeded first).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { Webhook } from "standardwebhooks";
import { userActor } from "../server/auth/actor";
import { disconnect, pool } from "../server/db";
import { stopProducer } from "../server/jobs/boss";
import { DEMO_USERS } from "../server/seed/demo-users";

export type WebhookBench = {
  webhook_events: number;
  webhook_p50_ms: string;
  webhook_p95_ms: string;
  webhook_max_ms: string;
  /** Event commit → the drain's delivery row (waiting for a worker to take the drain job). */
  webhook_drain_wait_p95_ms: string;
};

type Options = { events?: number; warmup?: number; intervalMs?: number; print?: (line: string) => void };

const ROOT = path.resolve(import.meta.dirname, "..");
const admin = DEMO_USERS.find((u) => u.role === "admin")!;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

async function ensureData(rows: number, print: (line: string) => void): Promise<void> {
  const { rows: r } = await pool().query<{ n: number; admins: number }>(
    "SELECT (SELECT count(*)::int FROM letters) AS n, (SELECT count(*)::int FROM users WHERE email = $1) AS admins",
    [admin.email],
  );
  const missing = Math.max(0, rows - r[0]!.n);
  if (missing === 0 && r[0]!.admins > 0) return;
  if (missing > 0) print(`# seeding ${missing.toLocaleString("en")} letters`);
  const { seed } = await import("../server/seed/seed");
  await seed({ letters: missing }, { demo: true });
}

type Receiver = { url: string; received: Map<string, number>; rejected: () => number; close: () => Promise<void> };

/** A local receiver that verifies each request's signature and notes when each batch's event arrived. */
async function startReceiver(secret: () => string): Promise<Receiver> {
  const received = new Map<string, number>();
  let rejected = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = Date.now();
      try {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        const body = new Webhook(secret()).verify(Buffer.concat(chunks).toString("utf8"), headers) as { event: { job_id: string } };
        // At-least-once: a redelivery keeps the first arrival.
        if (!received.has(body.event.job_id)) received.set(body.event.job_id, at);
        res.writeHead(204).end();
      } catch {
        rejected++;
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    rejected: () => rejected,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `npm run worker` as a child process on DATABASE_URL, allowed to reach the loopback receiver. */
function startWorker(print: (line: string) => void) {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server/worker/main.ts")], {
    cwd: ROOT,
    env: { ...process.env, BATCHDESK_SERVICE: "worker", LOG_LEVEL: "warn", WEBHOOK_ALLOW_PRIVATE: "true" },
    stdio: ["ignore", "inherit", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", (code, signal) => {
    if (code !== 0 && signal !== "SIGTERM") print(`# worker exited (${code ?? signal}): ${err.slice(-2000)}`);
  });
  return {
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Runs the webhook latency benchmark on DATABASE_URL and returns (and prints) its figures. */
export async function benchWebhooks({ events = 200, warmup = 5, intervalMs = 250, print = console.log }: Options = {}): Promise<WebhookBench> {
  const previous = process.env.BATCHES_PER_HOUR_ADMIN;
  // The admin's hourly batch allowance would stop the run part way.
  process.env.BATCHES_PER_HOUR_ADMIN = "1000000";
  const total = events + warmup;
  try {
    await ensureData(total, print);
    const { validateAndCommit } = await import("../server/row-batches/commit");
    const { createWebhook, deleteWebhook } = await import("../server/webhooks/endpoints");
    const { rows: users } = await pool().query<{ id: string }>("SELECT id FROM users WHERE email = $1", [admin.email]);
    const actor = userActor({ id: users[0]!.id, email: admin.email, name: admin.name, role: "admin" });

    let secret = "";
    const receiver = await startReceiver(() => secret);
    const endpoint = await createWebhook(actor, { url: receiver.url, events: ["job_completed", "job_completed_with_errors", "job_failed"], description: "bench-webhooks", global: false });
    secret = endpoint.secret;
    const worker = startWorker(print);
    try {
      const { rows: idRows } = await pool().query<{ id: number }>("SELECT id FROM letters WHERE deleted_at IS NULL AND archived_at IS NULL ORDER BY id LIMIT $1", [total]);
      const run = Date.now().toString(36);
      const commitOne = async (n: number) => {
        const c = await validateAndCommit(actor, {
          resource: "letters",
          target: { kind: "ids", ids: [idRows[n % idRows.length]!.id] },
          operation: { type: "update", changes: [{ op: "set", field: "senderName", value: `Webhook bench ${run}-${n}` }] },
        });
        return c.id;
      };
      const waitDelivered = async (ids: string[], timeoutMs: number, what: string) => {
        const deadline = Date.now() + timeoutMs;
        while (ids.some((id) => !receiver.received.has(id))) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${ids.filter((id) => !receiver.received.has(id)).length} of ${ids.length} not delivered`);
          await sleep(20);
        }
      };

      // Warm-up: the worker starting (queues, schedules, first connections) is not the figure.
      print(`# warm-up: ${warmup} events`);
      const warm: string[] = [];
      for (let i = 0; i < warmup; i++) warm.push(await commitOne(i));
      await waitDelivered(warm, 90_000, "the warm-up deliveries");

      print(`# ${events} events, a batch committed about every ${intervalMs} ms`);
      const measured: string[] = [];
      let due = Date.now();
      for (let i = 0; i < events; i++) {
        due += intervalMs * (0.5 + Math.random());
        if (due > Date.now()) await sleep(due - Date.now());
        measured.push(await commitOne(warmup + i));
      }
      await waitDelivered(measured, 120_000, "the deliveries");
      if (receiver.rejected() > 0) throw new Error(`${receiver.rejected()} deliveries failed the signature check`);

      const { rows } = await pool().query<{ batchId: string; at: number; queuedAt: number }>(
        `SELECT e.batch_id AS "batchId", extract(epoch FROM e.at) * 1000 AS at, extract(epoch FROM d.created_at) * 1000 AS "queuedAt"
         FROM batch_events e JOIN webhook_deliveries d ON d.endpoint_id = $2 AND d.payload->'event'->>'job_id' = e.batch_id::text
         WHERE e.batch_id = ANY($1::uuid[]) AND e.to_state IN ('completed', 'completed_with_errors', 'failed')`,
        [measured, endpoint.id],
      );
      if (rows.length !== events) throw new Error(`expected ${events} end events, found ${rows.length}`);
      const latency = rows.map((r) => receiver.received.get(r.batchId)! - Number(r.at)).sort((a, b) => a - b);
      const drainWait = rows.map((r) => Number(r.queuedAt) - Number(r.at)).sort((a, b) => a - b);
      const result: WebhookBench = {
        webhook_events: events,
        webhook_p50_ms: quantile(latency, 0.5).toFixed(0),
        webhook_p95_ms: quantile(latency, 0.95).toFixed(0),
        webhook_max_ms: latency.at(-1)!.toFixed(0),
        webhook_drain_wait_p95_ms: quantile(drainWait, 0.95).toFixed(0),
      };
      for (const [name, value] of Object.entries(result)) print(`${name}: ${value}`);
      return result;
    } finally {
      await worker.stop();
      await receiver.close();
      await deleteWebhook(actor, endpoint.id);
    }
  } finally {
    if (previous === undefined) delete process.env.BATCHES_PER_HOUR_ADMIN;
    else process.env.BATCHES_PER_HOUR_ADMIN = previous;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { events: { type: "string" }, "interval-ms": { type: "string" } } });
  const whole = (name: string, raw: string | undefined, fallback: number) => {
    const n = Number(raw ?? fallback);
    if (!Number.isInteger(n) || n < 1) {
      console.error(`--${name} must be a whole number ≥ 1 (got "${raw}")`);
      process.exit(2);
    }
    return n;
  };
  process.env.LOG_LEVEL ??= "warn";
  try {
    await benchWebhooks({ events: whole("events", values.events, 200), intervalMs: whole("interval-ms", values["interval-ms"], 250) });
  } finally {
    await stopProducer();
    await disconnect();
  }
}
