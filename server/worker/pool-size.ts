import { setting } from "../config";
import type { JobSpec } from "../jobs/define";
import type { z } from "zod";

/**
 * Connections left over the jobs' long-held ones, for what every worker does besides: its heartbeat,
 * the minute sweep, and the short writes of running jobs (stored-file part inserts, progress, the
 * transaction that finishes a job), which queue for a free connection and never hold one across a wait.
 */
export const SHORT_WORK_CONNECTIONS = 3;

type Sized = Pick<JobSpec<z.ZodType>, "name" | "concurrency" | "connections">;

/** What the jobs `defs` need at once from the main pool when every one runs at its concurrency. */
export function workerPoolNeed(defs: readonly Sized[]): { need: number; detail: string } {
  const parts = defs.map((d) => ({ name: d.name, n: (d.concurrency ?? 1) * (d.connections ?? 1), concurrency: d.concurrency ?? 1, each: d.connections ?? 1 }));
  const need = parts.reduce((sum, p) => sum + p.n, 0) + SHORT_WORK_CONNECTIONS;
  const detail = [
    ...parts.filter((p) => p.n > 0).map((p) => `${p.name} ${p.concurrency}×${p.each}`),
    `${SHORT_WORK_CONNECTIONS} for heartbeats, sweeps and short writes`,
  ].join(", ");
  return { need, detail };
}

/**
 * The size of a worker's main pool: what its jobs need (WORKER_DB_POOL_MAX may give more). A smaller
 * WORKER_DB_POOL_MAX is refused with what the jobs need: with it, jobs holding their connections
 * would leave none for the short writes they wait on, and chunk transactions, heartbeats and cancels
 * would stall until DB_CONNECT_TIMEOUT_MS fails them (security finding 2).
 */
export function workerPoolSize(defs: readonly Sized[], configured = setting("WORKER_DB_POOL_MAX")): number {
  const { need, detail } = workerPoolNeed(defs);
  if (configured === undefined) return need;
  if (configured < need) {
    throw new Error(
      `WORKER_DB_POOL_MAX=${configured} is too small for this worker's jobs: at their concurrencies they hold up to ${need} connections at once ` +
        `(${detail}). Set WORKER_DB_POOL_MAX to at least ${need}, or leave it unset to size the pool from the jobs.`,
    );
  }
  return configured;
}
