import type { z } from "zod";
import { BATCH_KINDS, type BatchKind, type BatchOptions } from "../contracts/batch";
import { AppError } from "../errors";
import type { JobDefinition } from "../jobs/define";
import { batchRunJob, exportRunJob, mediaFetchJob } from "../jobs/definitions";
import type { Bucket } from "../limits";

type BatchJob = JobDefinition<z.ZodObject<{ batchId: z.ZodUUID }>>;


/**
 * What the kernel needs to know about a kind of batch. Adding a single-job kind (an import, say) is
 * one of these plus its runner and its job definition.
 */
export type KindDescriptor = {
  kind: BatchKind;
  /** The job that works the batch. */
  job: BatchJob;
  /**
   * Chunked kinds are planned (a preview), committed into chunks and worked by several runs at once;
   * single-job kinds are queued when created and worked by one job that holds the batch throughout.
   */
  chunked: boolean;
  /** Pausable between chunks (a single job has no point to pause at). */
  pausable: boolean;
  /** "Retry failed" builds a new batch of the failed items. */
  retryable: boolean;
  /** "Revert" builds a new batch from the recorded before-images. */
  revertible: boolean;
  /** Whose allowance a new batch of the kind spends (server/limits.ts). */
  rateBucket: Bucket;
  /** What its progress counts, as the console words it. */
  unit: "rows" | "files";
  /** How it is named in messages ("An export cannot be paused"). */
  noun: string;
  /** What to do instead of a retry or revert it does not offer. */
  instead: string;
  /** How many run jobs to queue when it is committed or resumed. */
  runs: (options: BatchOptions, chunkCount: number) => number;
};

export const KINDS: Record<BatchKind, KindDescriptor> = {
  rows: {
    kind: "rows",
    job: batchRunJob,
    chunked: true,
    pausable: true,
    retryable: true,
    revertible: true,
    rateBucket: "batches",
    unit: "rows",
    noun: "a batch",
    instead: "start a new batch.",
    runs: (options, chunkCount) => Math.max(1, Math.min(options.maxParallel, chunkCount)),
  },
  export: {
    kind: "export",
    job: exportRunJob,
    chunked: false,
    pausable: false,
    retryable: false,
    revertible: false,
    rateBucket: "exports",
    unit: "rows",
    noun: "an export",
    instead: "it changed no rows. Start a new export instead.",
    runs: () => 1,
  },
  fetch: {
    kind: "fetch",
    job: mediaFetchJob,
    chunked: false,
    pausable: false,
    // Its failed files are fetched again by a new fetch (media.refetchFailed), not a row retry.
    retryable: false,
    revertible: false,
    // Fetches spend the batch allowance: they write rows (media_files) and hold a worker for long.
    rateBucket: "batches",
    unit: "files",
    noun: "a file fetch",
    instead: "fetch the failed files again (media.refetchFailed) or start a new fetch.",
    runs: () => 1,
  },
};

/** The descriptor of a stored kind; an unknown one means a row this version cannot work. */
export function kindOf(kind: string): KindDescriptor {
  if (isKind(kind)) return KINDS[kind];
  throw new AppError("CONFLICT", `This batch is of a kind this version of Batchdesk does not know (${kind}).`);
}

const isKind = (k: string): k is BatchKind => (BATCH_KINDS as readonly string[]).includes(k);

/** The capabilities the console and API show for a batch of this kind, so clients never re-derive them. */
export function capabilitiesOf(k: KindDescriptor) {
  return { chunked: k.chunked, pausable: k.pausable, retryable: k.retryable, revertible: k.revertible, unit: k.unit };
}
export type BatchCapabilities = ReturnType<typeof capabilitiesOf>;
