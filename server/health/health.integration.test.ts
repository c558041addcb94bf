import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { prisma } from "../db";
import { producer } from "../jobs/boss";
import { checkHealth } from "./health";
import { seedRows } from "../../tests/helpers/seed";
import { callerAs } from "../../tests/helpers/session";

describe("/api/health", () => {
  it("is degraded (200) while no worker is alive, with database and migrations ok", async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe("degraded");
    expect(body.database.ok).toBe(true);
    // A count, not the names: the endpoint answers anyone, and migration names tell which version runs.
    expect(body.migrations).toEqual({ ok: true, pending: 0 });
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

describe("dashboard workers", () => {
  it("show their host and pid to admins only; others see them numbered", async () => {
    await producer();
    await prisma.workerHeartbeat.upsert({
      where: { id: "db-host-7:4242" },
      create: { id: "db-host-7:4242", hostname: "db-host-7", pid: 4242, startedAt: new Date(), lastSeenAt: new Date() },
      update: { lastSeenAt: new Date() },
    });
    await seedRows({});
    const asAdmin = await (await callerAs("admin")).dashboard.overview();
    expect(asAdmin.workers.map((w) => w.id)).toContain("db-host-7:4242");
    const asViewer = await (await callerAs("viewer")).dashboard.overview();
    expect(asViewer.workers.length).toBe(asAdmin.workers.length);
    expect(asViewer.workers.map((w) => w.id).join(" ")).not.toContain("db-host-7");
    expect(asViewer.workers[0]!.id).toBe("worker 1");
  });
});
