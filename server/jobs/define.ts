import type pg from "pg";
import type { JobInsert, QueueOptions, SendOptions } from "pg-boss";
import type { z } from "zod";
import { ensureQueue, producer } from "./boss";

/** How a job is queued and fetched; its handler lives with the worker (server/worker/handlers.ts). */
export type JobSpec<S extends z.ZodType> = {
  name: string;
  /** The payload, shared by producers (checked before sending) and the worker (checked before running). */
  schema: S;
  /** Queue policy (retries, backoff, expiry, heartbeat): every send and insert gets it unless overridden. */
  queue: QueueOptions;
  /** How many jobs of this queue one worker process runs at once. */
  concurrency?: number;
  /**
   * Pooled connections one running job of this queue holds for long (a lock, a chunk transaction, a
   * COPY); 1 when unset, 0 for jobs of short statements only. The worker sizes its pool from these
   * (server/worker/pool-size.ts), so keep it true when a handler changes.
   */
  connections?: number;
  /** Jobs fetched per poll; 1 spreads long jobs over workers instead of one worker taking them all. */
  fetchSize?: number;
  /** A cron expression, read when a worker starts: it schedules the job (payload `{}`) on it through pg-boss. */
  cron?: () => string;
};

/** Per-job overrides of the queue policy (a batch's own retry count, say). */
export type JobOverrides = Pick<JobInsert, "retryLimit" | "startAfter" | "singletonKey">;

export type JobDefinition<S extends z.ZodType = z.ZodType> = JobSpec<S> & {
  /** Sends one job now, outside any transaction. */
  send(payload: z.input<S>, overrides?: JobOverrides): Promise<string | null>;
  /**
   * Queues jobs in the caller's transaction, so they exist exactly when the caller's change commits
   * (a batch committed without its run jobs, or jobs for a batch that rolled back, cannot happen).
   */
  insert(client: pg.PoolClient, payloads: z.input<S>[], overrides?: JobOverrides): Promise<void>;
};

/** Declares a job: producers send through the returned definition; the worker registers its handler by name. */
export function defineJob<S extends z.ZodType>(spec: JobSpec<S>): JobDefinition<S> {
  const rows = (payloads: z.input<S>[], overrides: JobOverrides = {}): JobInsert[] =>
    payloads.map((p) => ({ data: spec.schema.parse(p) as object, ...overrides }));
  return {
    ...spec,
    async send(payload, overrides) {
      const boss = await producer();
      await ensureQueue(boss, spec);
      const [row] = rows([payload], overrides);
      return boss.send(spec.name, row!.data!, { ...overrides } satisfies SendOptions);
    },
    async insert(client, payloads, overrides) {
      if (payloads.length === 0) return;
      const boss = await producer();
      await ensureQueue(boss, spec);
      const db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
      await boss.insert(spec.name, rows(payloads, overrides), { db });
    },
  };
}
