import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { prisma } from "../db";
import { producer } from "../jobs/boss";
import { checkHealth } from "./health";

describe("/api/health", () => {
  it("is degraded (200) while no worker is alive, with database and migrations ok", async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe("degraded");
    expect(body.database.ok).toBe(true);
    expect(body.migrations).toEqual({ ok: true, pending: [] });
    expect(body.worker).toMatchObject({ ok: false, alive: 0 });
  });

  it("is ok once a worker heartbeat is fresh, and ignores a stale one", async () => {
    await producer(); // installs pg-boss's schema, as any web or worker process does on start
    const now = new Date();
    await prisma.workerHeartbeat.create({
      data: { id: "stale:1", hostname: "stale", pid: 1, startedAt: now, lastSeenAt: new Date(now.getTime() - 120_000) },
    });
    expect((await checkHealth()).worker.alive).toBe(0);
    await prisma.workerHeartbeat.create({
      data: { id: "fresh:2", hostname: "fresh", pid: 2, startedAt: now, lastSeenAt: now },
    });
    const health = await checkHealth();
    expect(health.worker).toMatchObject({ ok: true, alive: 1 });
    expect(health.queue.ok).toBe(true);
    expect(health.status).toBe("ok");
  });
});
