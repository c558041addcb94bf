import { z } from "zod";
import type { Actor } from "../auth/actor";
import { assertCanSeeBatch, batchOwnerFilter, mayControlBatch, planStillAllowed } from "../auth/policy";
import { ACTIVE_STATES, BATCH_ORIGINS, BATCH_STATES, isFinalState, optionsSchema, type BatchAction, type BatchOrigin } from "../contracts/batch";
import { batchListQuerySchema } from "../contracts/queries";
import { storedOperationSchema, storedTargetSchema, type StoredOperation, type StoredTarget } from "../contracts/stored-operation";
import { pool, prisma } from "../db";
import { AppError } from "../errors";
import type { Batch } from "../generated/prisma/client";
import { approvalInForce } from "../approvals/gate";
import { awaitedOperation } from "./job-turn";
import { capabilitiesOf, kindOf } from "./kinds";
import { transitionFor, type TransitionAction } from "./machine";

const fieldChangesSchema = z.record(z.string(), z.number());

const originOf = (b: Pick<Batch, "origin">): BatchOrigin => BATCH_ORIGINS.find((o) => o === b.origin) ?? "normal";

/**
 * The template version a batch is a run of, named as that version was (a later rename does not
 * rewrite what ran); `deleted` so the page does not link to a template that is gone. Asked only for
 * template runs, so a status read of any other batch costs no extra round trip.
 */
async function templateRunOf(b: Pick<Batch, "templateId" | "templateVersion">) {
  if (!b.templateId || b.templateVersion === null) return null;
  const v = await prisma.batchTemplateVersion.findUnique({
    where: { templateId_version: { templateId: b.templateId, version: b.templateVersion } },
    select: { name: true, template: { select: { deletedAt: true } } },
  });
  return { id: b.templateId, version: b.templateVersion, name: v?.name ?? "", deleted: v?.template.deletedAt != null };
}

/** Live figures of a batch, as the progress stream and the batch page show them. */
export function progressOf(b: Batch) {
  const state = BATCH_STATES.find((s) => s === b.state) ?? "failed";
  const end = b.finishedAt ?? new Date();
  const elapsedMs = b.startedAt ? Math.max(0, end.getTime() - b.startedAt.getTime()) : 0;
  const rowsPerSecond = elapsedMs > 0 ? Math.round((b.processed / elapsedMs) * 1000) : 0;
  const remaining = Math.max(0, b.totalItems - b.processed);
  const applied = b.succeeded + b.conflicts + b.failed;
  return {
    batchId: b.id,
    state,
    total: b.totalItems,
    processed: b.processed,
    percent: b.totalItems ? Math.floor((b.processed / b.totalItems) * 1000) / 10 : 100,
    counts: { succeeded: b.succeeded, unchanged: b.unchanged, invalid: b.invalid, conflict: b.conflicts, failed: b.failed },
    chunksDone: b.chunksDone,
    chunkCount: b.chunkCount,
    rowsPerSecond,
    etaSeconds: rowsPerSecond > 0 && state !== "paused" && !isFinalState(state) ? Math.ceil(remaining / rowsPerSecond) : null,
    elapsedMs,
    successRate: applied ? b.succeeded / applied : null,
    startedAt: b.startedAt,
    finishedAt: b.finishedAt,
    lastError: b.lastError,
    progressSeq: b.progressSeq,
  };
}

/**
 * A batch's live figures with what `actor` may do to it now: progress events carry the actions too,
 * so a client following the stream never offers a control the batch no longer allows.
 */
export function progressFor(actor: Pick<Actor, "id" | "role">, b: Batch) {
  return { ...progressOf(b), allowedActions: allowedActions(actor, b) };
}
export type BatchProgress = ReturnType<typeof progressFor>;

/** The operation for display: per-row values are counted, not sent (a batch may carry 100,000). */
export type OperationSummary = Exclude<StoredOperation, { type: "updatePerRow" }> | { type: "updatePerRow"; field: string; count: number };

const perRowPeek = z.object({ type: z.literal("updatePerRow"), field: z.string(), values: z.array(z.unknown()) });

/** The stored operation as the console and the API show it. */
export function summarizeOperation(raw: unknown): OperationSummary {
  const perRow = perRowPeek.safeParse(raw);
  if (perRow.success) return { type: "updatePerRow", field: perRow.data.field, count: perRow.data.values.length };
  const op = storedOperationSchema.parse(raw);
  if (op.type === "updatePerRow") return { type: op.type, field: op.field, count: op.values.length };
  return op;
}

/** The target for display: how many ids, items or keys (not the lists), or the filter itself. */
export type TargetSummary =
  | { kind: "ids" | "items" | "naturalKeys"; count: number }
  | { kind: "filter"; selection: Extract<StoredTarget, { kind: "filter" }>["selection"]; excluded: number }
  | { kind: "batch"; batchId: string };

function summarizeTarget(raw: unknown): TargetSummary {
  const t = storedTargetSchema.parse(raw);
  switch (t.kind) {
    case "ids":
      return { kind: t.kind, count: t.ids.length };
    case "items":
      return { kind: t.kind, count: t.items.length };
    case "naturalKeys":
      return { kind: t.kind, count: t.keys.length };
    case "filter":
      return { kind: t.kind, selection: t.selection, excluded: t.excludeIds.length };
    case "batch":
      return t;
  }
}

const STATE_ACTIONS: [BatchAction, TransitionAction][] = [
  ["commit", "commit"],
  ["discard", "discard"],
  ["pause", "pause"],
  ["resume", "resume"],
  ["cancel", "cancel"],
];

/**
 * What `actor` can do to the batch now: the moves the state machine allows from its state for its
 * kind, plus retry (something failed) and revert (something changed) once it has finished.
 */
export function allowedActions(
  actor: Pick<Actor, "id" | "role">,
  b: Pick<Batch, "kind" | "origin" | "state" | "createdById" | "succeeded" | "failed" | "conflicts" | "plannedRole" | "rowsPurgedAt">,
): BatchAction[] {
  if (!mayControlBatch(actor, b)) return [];
  const kind = kindOf(b.kind);
  const state = BATCH_STATES.find((s) => s === b.state);
  if (!state) return [];
  const goesOn = planStillAllowed(actor, b);
  const out = STATE_ACTIONS.filter(([a, t]) => transitionFor(t, kind.kind, state) !== null && (goesOn || (a !== "commit" && a !== "resume"))).map(([a]) => a);
  // Retry and revert are built from the per-row results, which a cleanup may have removed.
  const derivable = isFinalState(state) && state !== "discarded" && b.origin !== "revert" && b.rowsPurgedAt === null;
  if (derivable && kind.retryable && b.failed + b.conflicts > 0) out.push("retryFailed");
  if (derivable && kind.revertible && b.succeeded > 0) out.push("revert");
  return out;
}

/** The batch with who started it, what it does, its preview counts, its progress and what may be done to it. */
export async function batchSummary(actor: Pick<Actor, "id" | "role">, batchId: string) {
  const b = await prisma.batch.findUnique({ where: { id: batchId }, include: { createdBy: { select: { name: true, email: true } } } });
  if (!b) throw new AppError("NOT_FOUND", "No such batch.");
  assertCanSeeBatch(actor, b.createdById);
  const kind = kindOf(b.kind);
  const progress = progressFor(actor, b);
  // A later operation of a sequential job is committed by the kernel when its turn comes, not by hand;
  // one that needs approval is sent for approval instead of committed.
  const waitsForOperation = b.state === "previewed" ? await awaitedOperation(pool(), b) : null;
  const needsApproval = b.state === "previewed" && progress.allowedActions.includes("commit") && !(await approvalInForce(pool(), b.id));
  return {
    id: b.id,
    resource: b.resource,
    kind: kind.kind,
    origin: originOf(b),
    parentId: b.parentId,
    template: await templateRunOf(b),
    operation: summarizeOperation(b.operation),
    target: summarizeTarget(b.target),
    options: optionsSchema.parse(b.options),
    state: progress.state,
    createdBy: b.createdBy,
    createdById: b.createdById,
    createdAt: b.createdAt,
    previewedAt: b.previewedAt,
    queuedAt: b.queuedAt,
    updatedAt: b.updatedAt,
    rowsPurgedAt: b.rowsPurgedAt,
    preview: {
      total: b.totalItems,
      willChange: b.willChange,
      unchanged: b.unchangedPlanned,
      invalid: b.invalidPlanned,
      fieldsTouched: b.fieldsTouched,
      fieldChanges: fieldChangesSchema.parse(b.fieldChanges),
    },
    progress,
    capabilities: capabilitiesOf(kind),
    allowedActions:
      waitsForOperation !== null
        ? progress.allowedActions.filter((a) => a !== "commit")
        : needsApproval
          ? progress.allowedActions.map((a): BatchAction => (a === "commit" ? "requestApproval" : a))
          : progress.allowedActions,
  };
}
export type BatchSummary = Awaited<ReturnType<typeof batchSummary>>;

/**
 * Who started the batches `actor` may see, for the list's "Started by" filter: everyone who started
 * one for admins, only themselves for everyone else (who see only their own batches).
 */
export async function batchActors(actor: Pick<Actor, "id" | "role">): Promise<{ id: string; name: string; email: string }[]> {
  const only = batchOwnerFilter(actor);
  const { rows } = await pool().query<{ id: string; name: string; email: string }>(
    `SELECT u.id, u.name, u.email FROM users u
     WHERE ($1::text IS NULL OR u.id = $1) AND EXISTS (SELECT 1 FROM batches b WHERE b.created_by_id = u.id AND b.state <> 'planning')
     ORDER BY lower(u.name), u.email`,
    [only ?? null],
  );
  return rows;
}

/** Committed batches not yet finished (queued, running, paused) that `actor` may see. */
export async function countActiveBatches(actor: Pick<Actor, "id" | "role">): Promise<number> {
  const owner = batchOwnerFilter(actor);
  return prisma.batch.count({ where: { state: { in: [...ACTIVE_STATES] }, ...(owner ? { createdById: owner } : {}) } });
}

/** Batches the user may see, newest first. */
export async function listBatches(actor: Pick<Actor, "id" | "role">, input: z.input<typeof batchListQuerySchema>) {
  const q = batchListQuerySchema.parse(input);
  const owner = batchOwnerFilter(actor, q.createdById);
  const where = {
    ...(q.resource ? { resource: q.resource } : {}),
    ...(owner ? { createdById: owner } : {}),
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
      kind: kindOf(b.kind).kind,
      origin: originOf(b),
      operation: summarizeOperation(b.operation).type,
      createdBy: b.createdBy,
      createdAt: b.createdAt,
      updatedAt: b.updatedAt,
      progress: progressFor(actor, b),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
