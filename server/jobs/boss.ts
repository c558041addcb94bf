import { PgBoss, type QueueOptions } from "pg-boss";
import { setting } from "../config";
import { logger } from "../logger";

type Role = "producer" | "worker";

/** Creates and starts pg-boss on DATABASE_URL. Queues are created on first use (see `ensureQueue`). */
export async function startBoss(role: Role): Promise<PgBoss> {
  const connectionString = setting("DATABASE_URL");
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  const boss = new PgBoss({
    connectionString,
    application_name: `batchdesk-${role}`,
    max: role === "worker" ? setting("WORKER_BOSS_POOL_MAX") : 2,
    // Maintenance (expiry, retention, cron) runs in workers; web processes only send and read.
    supervise: role === "worker",
    schedule: role === "worker",
  });
  boss.on("error", (err) => logger.error({ err }, "pg-boss error"));
  await boss.start();
  return boss;
}

const created = new Set<string>();

/** Creates a job's queue with its policy the first time this process uses it. */
export async function ensureQueue(boss: PgBoss, spec: { name: string; queue: QueueOptions }): Promise<void> {
  if (created.has(spec.name)) return;
  if (!(await boss.getQueue(spec.name))) await boss.createQueue(spec.name, spec.queue);
  created.add(spec.name);
}

// The web process keeps one producer instance, reused across requests and dev reloads.
const holder = globalThis as unknown as { __batchdeskBoss?: Promise<PgBoss> };

/** The producer's pg-boss, started on first use. */
export function producer(): Promise<PgBoss> {
  holder.__batchdeskBoss ??= startBoss("producer").catch((err: unknown) => {
    holder.__batchdeskBoss = undefined;
    throw err;
  });
  return holder.__batchdeskBoss;
}

/** Stops the producer (tests and scripts). */
export async function stopProducer(): Promise<void> {
  const boss = holder.__batchdeskBoss;
  holder.__batchdeskBoss = undefined;
  created.clear();
  if (boss) await (await boss).stop({ graceful: false, close: true });
}
