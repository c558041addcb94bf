import { pool } from "../db";
import { pendingMigrations } from "../db/migrator";
import { queueStates, workerStates } from "../dashboard/stats";

export type Health = {
  status: "ok" | "degraded" | "down";
  database: { ok: boolean; latencyMs?: number; error?: string };
  /** How many migrations are not applied; their names stay in the logs (this endpoint answers anyone). */
  migrations: { ok: boolean; pending: number };
  worker: { ok: boolean; alive: number; lastSeenAt: string | null };
  queue: { ok: boolean; queued: number; active: number };
};

/**
 * Database reachable and migrated is required (else "down"); no live worker or an unreadable queue
 * is "degraded": the console works but batches will wait.
 */
export async function checkHealth(): Promise<Health> {
  const started = Date.now();
  try {
    await pool().query("SELECT 1");
  } catch {
    return {
      status: "down",
      database: { ok: false, error: "database unreachable" },
      migrations: { ok: false, pending: 0 },
      worker: { ok: false, alive: 0, lastSeenAt: null },
      queue: { ok: false, queued: 0, active: 0 },
    };
  }
  const latencyMs = Date.now() - started;
  const pending = await pendingMigrations((sql) => pool().query(sql));
  const workers = await workerStates();
  const queue = await queueStates()
    .then((qs) => ({
      ok: true,
      queued: qs.reduce((n, q) => n + q.queued, 0),
      active: qs.reduce((n, q) => n + q.active, 0),
    }))
    .catch(() => ({ ok: false, queued: 0, active: 0 }));
  const alive = workers.filter((w) => w.alive).length;
  const migrationsOk = pending.length === 0;
  const status = !migrationsOk ? "down" : alive === 0 || !queue.ok ? "degraded" : "ok";
  return {
    status,
    database: { ok: true, latencyMs },
    migrations: { ok: migrationsOk, pending: pending.length },
    worker: { ok: alive > 0, alive, lastSeenAt: workers[0]?.lastSeenAt.toISOString() ?? null },
    queue,
  };
}
