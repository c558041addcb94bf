import { PgBoss } from "pg-boss";
import type { SendOptions } from "pg-boss";
import type { z } from "zod";
import { setting } from "../config";
import { logger } from "../logger";
import type { JobDefinition } from "./define";
import { jobRegistry } from "./registry";

type Role = "producer" | "worker";

/** Creates and starts pg-boss on DATABASE_URL with every registered queue in place. */
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
  for (const job of jobRegistry) {
    const existing = await boss.getQueue(job.name);
    if (!existing) await boss.createQueue(job.name, job.queue ?? {});
  }
  return boss;
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

/** Sends a job after validating its payload against the job's own schema. */
export async function sendJob<S extends z.ZodType>(
  job: JobDefinition<S>,
  payload: z.input<S>,
  options: SendOptions = {},
): Promise<string | null> {
  const data = job.schema.parse(payload) as object;
  return (await producer()).send(job.name, data, options);
}

/** Stops the producer (tests and scripts). */
export async function stopProducer(): Promise<void> {
  const boss = holder.__batchdeskBoss;
  holder.__batchdeskBoss = undefined;
  if (boss) await (await boss).stop({ graceful: false, close: true });
}
