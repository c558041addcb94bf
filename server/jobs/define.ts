import type { Logger } from "pino";
import type { QueueOptions } from "pg-boss";
import type { z } from "zod";

export type JobContext = {
  jobId: string;
  retryCount: number;
  logger: Logger;
  /** Aborted when the worker is shutting down: long handlers stop at their next safe point. */
  signal: AbortSignal;
};

/** A job: its queue name, the payload schema producers and the worker share, and its handler. */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  schema: S;
  /** Queue policy (retries, expiry, heartbeat) applied when the queue is created. */
  queue?: QueueOptions;
  /** How many jobs of this queue one worker process runs at once. */
  concurrency?: number;
  /** Jobs fetched per poll; 1 spreads long jobs over workers instead of one worker taking them all. */
  fetchSize?: number;
  /** A cron expression: the worker schedules the job (payload `{}`) on it through pg-boss. */
  cron?: string;
  handler: (payload: z.output<S>, ctx: JobContext) => Promise<void>;
};

/** Declares a job; the returned definition is what producers pass to `sendJob`. */
export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}
