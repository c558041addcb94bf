import os from "node:os";
import { prisma } from "../db";
import { logger } from "../logger";
import { workerId } from "../process";

const INTERVAL_MS = 5_000;

/** Records this worker as alive every few seconds; returns a function that stops and removes it. */
export function startHeartbeat(): () => Promise<void> {
  const startedAt = new Date();
  const beat = () =>
    prisma.workerHeartbeat
      .upsert({
        where: { id: workerId },
        create: { id: workerId, hostname: os.hostname(), pid: process.pid, startedAt, lastSeenAt: new Date() },
        update: { lastSeenAt: new Date() },
      })
      .catch((err: unknown) => logger.warn({ err }, "heartbeat failed"));
  void beat();
  const timer = setInterval(beat, INTERVAL_MS);
  return async () => {
    clearInterval(timer);
    await prisma.workerHeartbeat.deleteMany({ where: { id: workerId } }).catch(() => {});
  };
}
