import { pool } from "../db";
import { JOBS } from "../jobs/definitions";

const RESOURCE_TABLES = [
  ["letters", "Letters"],
  ["products", "Products"],
  ["orders", "Orders"],
  ["plaza_posts", "Plaza posts"],
  ["museum_items", "Museum items"],
  ["vessel_schedules", "Vessel schedules"],
  ["media_files", "Media files"],
] as const;

export type ResourceCount = { table: string; label: string; total: number; deleted: number; archived: number };

/** Row counts per resource (live, soft-deleted, archived) in one round trip. */
export async function resourceCounts(): Promise<ResourceCount[]> {
  const sql = RESOURCE_TABLES.map(
    ([table]) =>
      `SELECT '${table}' AS table, count(*)::int AS total, count(deleted_at)::int AS deleted, count(archived_at)::int AS archived FROM ${table}`,
  ).join(" UNION ALL ");
  const { rows } = await pool().query<{ table: string; total: number; deleted: number; archived: number }>(sql);
  const byTable = new Map(rows.map((r) => [r.table, r]));
  return RESOURCE_TABLES.map(([table, label]) => {
    const r = byTable.get(table);
    return { table, label, total: r?.total ?? 0, deleted: r?.deleted ?? 0, archived: r?.archived ?? 0 };
  });
}

export type QueueState = { name: string; queued: number; active: number; failed: number };

/** Queued/active/failed job counts per registered queue, counted now (pg-boss's own stats are cached). */
export async function queueStates(): Promise<QueueState[]> {
  const names = JOBS.map((j) => j.name);
  const { rows } = await pool().query<{ name: string; queued: number; active: number; failed: number }>(
    `SELECT name,
       count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS queued,
       count(*) FILTER (WHERE state = 'active')::int AS active,
       count(*) FILTER (WHERE state = 'failed')::int AS failed
     FROM pgboss.job WHERE name = ANY($1) GROUP BY name`,
    [names],
  );
  const byName = new Map(rows.map((r) => [r.name, r]));
  return names.map((name) => byName.get(name) ?? { name, queued: 0, active: 0, failed: 0 });
}

export type WorkerState = { id: string; lastSeenAt: Date; alive: boolean };

/** Workers seen recently; a worker silent for 30 s is presumed gone. */
export async function workerStates(): Promise<WorkerState[]> {
  const { rows } = await pool().query<{ id: string; last_seen_at: Date }>(
    "SELECT id, last_seen_at FROM worker_heartbeats ORDER BY last_seen_at DESC",
  );
  const cutoff = Date.now() - 30_000;
  return rows.map((r) => ({ id: r.id, lastSeenAt: r.last_seen_at, alive: r.last_seen_at.getTime() > cutoff }));
}
