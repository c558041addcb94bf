import type http from "node:http";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, expect, it } from "vitest";
import { idsWhere } from "../../tests/helpers/batch";
import { fileServer, type FileServer } from "../../tests/helpers/media";
import { runToEnd } from "../../tests/helpers/run-batch";
import { callerAs } from "../../tests/helpers/session";
import { seedRows } from "../../tests/helpers/seed";
import { startWorker, waitFor, type WorkerProcess } from "../../tests/helpers/worker-process";
import { pool } from "../db";

// The job wiring in a real worker process: a batch's end queues the drain in its own transaction,
// so an event committed while no worker runs is delivered when one starts, and one that ends in a
// running worker goes out without waiting for the sweep.

let receiver: FileServer;
let worker: WorkerProcess | undefined;
const received: { at: number; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  await seedRows({ letters: 20 });
  receiver = await fileServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ at: Date.now(), headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
});

afterAll(async () => {
  worker?.child.kill("SIGKILL");
  await receiver.close();
});

async function preview(title: string) {
  const admin = await callerAs("admin");
  const ids = (await idsWhere("letters", "true")).slice(0, 2);
  return admin.batch.validate({ resource: "letters", target: { kind: "ids", ids }, operation: { type: "update", changes: [{ op: "set", field: "title", value: title }] } });
}

it("delivers an event committed while no worker ran once one starts, and the next one promptly", { timeout: 90_000 }, async () => {
  const admin = await callerAs("admin");
  const ep = await admin.webhooks.create({ url: `${receiver.base}/hook`, events: ["job_completed"] });

  // Run here with no worker about: the event and its drain job commit, nothing is sent yet.
  const first = await preview("Worker hook one");
  await admin.batch.execute({ batchId: first.id });
  await runToEnd(first.id);
  expect(received).toHaveLength(0);

  worker = startWorker({ WEBHOOK_ALLOW_PRIVATE: "true" });
  await waitFor(async () => received.length >= 1, 45_000, "the first delivery");
  const body = new Webhook(ep.secret).verify(received[0]!.body, received[0]!.headers as Record<string, string>) as { event: { job_id: string } };
  expect(body.event.job_id).toBe(first.id);

  // Through the worker: the end queues the drain, which sends at once.
  const second = await preview("Worker hook two");
  await admin.batch.execute({ batchId: second.id });
  await waitFor(async () => received.length >= 2, 45_000, "the second delivery");
  const { rows } = await pool().query<{ finished_at: Date }>("SELECT finished_at FROM batches WHERE id = $1", [second.id]);
  const latencyMs = received[1]!.at - rows[0]!.finished_at.getTime();
  console.log(`webhook latency through the worker: ${latencyMs} ms`);
  expect(JSON.parse(received[1]!.body).event.job_id).toBe(second.id);
  expect(latencyMs).toBeLessThan(10_000);
  const log = await admin.webhooks.deliveries({ endpointId: ep.id });
  expect(log.map((d) => [d.state, d.lastStatus])).toEqual([["delivered", 204], ["delivered", 204]]);
});
