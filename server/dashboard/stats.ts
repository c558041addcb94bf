import { pool } from "../db";
import { JOBS } from "../jobs/definitions";
import { getField, RESOURCES } from "../resources/registry";
import type { ResourceDef } from "../resources/types";
import { ident } from "../sql/params";

export type ResourceCount = { name: string; table: string; label: string; total: number; deleted: number; archived: number };

/** count() of the column behind `field`, or 0 for a resource without that life-cycle step (and so without the column). */
function countOf(res: ResourceDef, field: string | undefined): string {
  return field ? `count(${ident(getField(res, field).column)})::int` : "0";
}

/** Row counts per resource (live, soft-deleted, archived) in one round trip, in registry order. */
export async function resourceCounts(resources: readonly ResourceDef[] = RESOURCES): Promise<ResourceCount[]> {
  if (!resources.length) return [];
  const sql = resources
    .map(
      (res, i) =>
        `SELECT ${i}::int AS i, count(*)::int AS total, ${countOf(res, res.softDelete?.at)} AS deleted, ${countOf(res, res.archive?.at)} AS archived FROM ${ident(res.table)}`,
    )
    .join(" UNION ALL ");
  const { rows } = await pool().query<{ i: number; total: number; deleted: number; archived: number }>(sql);
  const byIndex = new Map(rows.map((r) => [r.i, r]));
  return resources.map((res, i) => {
    const r = byIndex.get(i);
    return { name: res.name, table: res.table, label: res.label, total: r?.total ?? 0, deleted: r?.deleted ?? 0, archived: r?.archived ?? 0 };
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
