import { z } from "zod";
import { pool, prisma } from "../../db";
import { AppError } from "../../errors";
import type { Batch } from "../../generated/prisma/client";
import { RESULTS, ITEM_OUTCOMES, FINAL_STATES, type BatchState } from "../schemas";
import { assertCanSeeBatch, type BatchActor } from "./actor";

/** Live figures of a batch, as the progress stream and the batch page show them. */
export function progressOf(b: Batch) {
  const end = b.finishedAt ?? new Date();
  const elapsedMs = b.startedAt ? Math.max(0, end.getTime() - b.startedAt.getTime()) : 0;
  const rowsPerSecond = elapsedMs > 0 ? Math.round((b.processed / elapsedMs) * 1000) : 0;
  const remaining = Math.max(0, b.totalItems - b.processed);
  const applied = b.succeeded + b.conflicts + b.failed;
  return {
    batchId: b.id,
    state: b.state as BatchState,
    total: b.totalItems,
    processed: b.processed,
    percent: b.totalItems ? Math.floor((b.processed / b.totalItems) * 1000) / 10 : 100,
    counts: { succeeded: b.succeeded, unchanged: b.unchanged, invalid: b.invalid, conflict: b.conflicts, failed: b.failed },
    chunksDone: b.chunksDone,
    chunkCount: b.chunkCount,
    rowsPerSecond,
    etaSeconds: rowsPerSecond > 0 && !FINAL_STATES.includes(b.state as BatchState) ? Math.ceil(remaining / rowsPerSecond) : null,
    elapsedMs,
    successRate: applied ? b.succeeded / applied : null,
    startedAt: b.startedAt,
    finishedAt: b.finishedAt,
    lastError: b.lastError,
    progressSeq: b.progressSeq,
  };
}
export type BatchProgress = ReturnType<typeof progressOf>;

/** The batch with who started it, what it does, its preview counts and its progress. */
export async function batchSummary(actor: BatchActor, batchId: string) {
  const b = await prisma.batch.findUnique({ where: { id: batchId }, include: { createdBy: { select: { name: true, email: true } } } });
  if (!b) throw new AppError("NOT_FOUND", "No such batch.");
  assertCanSeeBatch(actor, b.createdById);
  return {
    id: b.id,
    resource: b.resource,
    kind: b.kind,
    parentId: b.parentId,
    operation: b.operation as Record<string, unknown> & { type: string },
    target: b.target as Record<string, unknown> & { kind: string },
    options: b.options as Record<string, unknown>,
    state: b.state as BatchState,
    createdBy: b.createdBy,
    createdById: b.createdById,
    createdAt: b.createdAt,
    previewedAt: b.previewedAt,
    queuedAt: b.queuedAt,
    preview: { total: b.totalItems, willChange: b.willChange, unchanged: b.unchangedPlanned, invalid: b.invalidPlanned, fieldsTouched: b.fieldsTouched, fieldChanges: b.fieldChanges as Record<string, number> },
    progress: progressOf(b),
  };
}
export type BatchSummary = Awaited<ReturnType<typeof batchSummary>>;

export const itemsQuerySchema = z.object({
  batchId: z.uuid(),
  /** Planned outcome (preview) or applied result (after the run). */
  outcome: z.enum(ITEM_OUTCOMES).optional(),
  result: z.enum(RESULTS).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});

export type BatchItemRow = {
  seq: number;
  rowId: number | null;
  itemIndex: number | null;
  action: string;
  outcome: string;
  errors: { code: string; field: string | null; message: string }[] | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  result: string | null;
  resultError: { code: string; message: string; changed?: string[] } | null;
};

/** One page of a batch's items (each with its result once applied), filtered by outcome or result. */
export async function listItems(actor: BatchActor, input: z.input<typeof itemsQuerySchema>) {
  const q = itemsQuerySchema.parse(input);
  await batchSummary(actor, q.batchId);
  const where = ["i.batch_id = $1"];
  const params: unknown[] = [q.batchId];
  if (q.outcome) where.push(`i.outcome = $${params.push(q.outcome)}`);
  if (q.result) where.push(`r.result = $${params.push(q.result)}`);
  const join = "FROM batch_items i LEFT JOIN batch_results r ON r.batch_id = i.batch_id AND r.seq = i.seq";
  const limit = `$${params.push(q.pageSize)}`;
  const offset = `$${params.push((q.page - 1) * q.pageSize)}`;
  const [rows, count] = await Promise.all([
    pool().query<BatchItemRow>(
      `SELECT i.seq, coalesce(r.row_id, i.row_id) AS "rowId", i.item_index AS "itemIndex", i.action, i.outcome, i.errors,
              i.before, i.after, r.result, r.error AS "resultError"
       ${join} WHERE ${where.join(" AND ")} ORDER BY i.seq LIMIT ${limit} OFFSET ${offset}`,
      params,
    ),
    pool().query<{ n: number }>(`SELECT count(*)::int AS n ${join} WHERE ${where.join(" AND ")}`, params.slice(0, -2)),
  ]);
  return { items: rows.rows, total: count.rows[0]!.n, page: q.page, pageSize: q.pageSize };
}

export const listQuerySchema = z.object({
  state: z.string().optional(),
  resource: z.string().optional(),
  createdById: z.string().optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});

/**
 * Who started the batches `actor` may see, for the list's "Started by" filter: everyone who started
 * one for admins, only themselves for everyone else (who see only their own batches).
 */
export async function batchActors(actor: BatchActor): Promise<{ id: string; name: string; email: string }[]> {
  const { rows } = await pool().query<{ id: string; name: string; email: string }>(
    `SELECT u.id, u.name, u.email FROM users u
     WHERE ($1 OR u.id = $2) AND EXISTS (SELECT 1 FROM batches b WHERE b.created_by_id = u.id AND b.state <> 'planning')
     ORDER BY lower(u.name), u.email`,
    [actor.role === "admin", actor.id],
  );
  return rows;
}

/** Batches the user may see, newest first. */
export async function listBatches(actor: BatchActor, input: z.input<typeof listQuerySchema>) {
  const q = listQuerySchema.parse(input);
  const where = {
    ...(q.state ? { state: q.state } : {}),
    ...(q.resource ? { resource: q.resource } : {}),
    ...(actor.role === "admin" ? (q.createdById ? { createdById: q.createdById } : {}) : { createdById: actor.id }),
    state: q.state ? q.state : { not: "planning" },
  };
  const [rows, total] = await Promise.all([
    prisma.batch.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: { createdBy: { select: { name: true, email: true } } },
    }),
    prisma.batch.count({ where }),
  ]);
  return {
    batches: rows.map((b) => ({
      id: b.id,
      resource: b.resource,
      kind: b.kind,
      operation: (b.operation as { type: string }).type,
      createdBy: b.createdBy,
      createdAt: b.createdAt,
      progress: progressOf(b),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
