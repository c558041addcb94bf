import type pg from "pg";
import { actorVia, type Actor, type Worker } from "../auth/actor";
import { BATCH_KINDS, FINAL_STATES, type BatchState } from "../contracts/batch";
import { AppError } from "../errors";
import { queueNotificationDrain } from "../notifications/queue";
import { queueWebhookDrain } from "../webhooks/queue";
import { continueJob } from "./job-chain";
import { KINDS } from "./kinds";
import { refusal, transitionFor, TRANSITIONS, type TransitionAction } from "./machine";
import { COUNTS_JSON, RECORD_COLUMNS, type BatchRecord } from "./record";

/** Who moves a batch: an actor (a user, directly or through a token or schedule) or a worker process. */
export type Mover = Actor | Worker;

export type MoveOptions = {
  /** The state to end in when the action has several (`finish`: "auto" picks by the batch's failures). */
  to?: BatchState | "auto";
  /** Shown on the batch page (why it failed or stopped). */
  lastError?: string;
  /** Set with the move (a commit's chunk count). */
  chunkCount?: number;
};

/** The batch as the move left it, the state it came from, and its counters (as its event recorded them). */
export type Moved = BatchRecord & { fromState: BatchState; counts: Record<string, number> };

function plan(action: TransitionAction, by: Mover, opts: MoveOptions) {
  const rows = TRANSITIONS.filter((t) => t.action === action && action !== "create");
  const mover = by.kind === "worker" ? "worker" : "user";
  if (rows.length === 0 || !rows.every((t) => t.by === mover)) throw new Error(`${mover} cannot take the "${action}" transition`);
  const targets = [...new Set(rows.flatMap((t) => t.to))];
  const to = opts.to ?? (targets.length === 1 ? targets[0]! : undefined);
  if (!to || (to === "auto" ? action !== "finish" : !targets.includes(to))) throw new Error(`"${action}" cannot end in ${String(to)}`);
  // Which (kind, state) pairs the action leaves from, straight from the table.
  const pairs = BATCH_KINDS.flatMap((kind) => rows.filter((t) => t.kinds(KINDS[kind])).flatMap((t) => t.from.map((s) => [kind, s] as const)));
  return { to, kinds: pairs.map(([k]) => k), states: pairs.map(([, s]) => s) };
}

/** The moves that end a batch; only `finishBatch` takes them. */
type EndAction = "finish" | "fail" | "cancel" | "discard";
/** The moves along a batch's life that do not end it. */
export type LifeAction = Exclude<TransitionAction, "create" | EndAction>;

/**
 * Moves a batch along `action` if the transitions table allows it from the batch's kind and current
 * state: one statement locks the row, changes it (state, its timestamp, `progress_seq`) and writes
 * the outbox event, so an event exists exactly when its change commits. Null when not allowed.
 */
async function apply(client: pg.PoolClient, batchId: string, action: TransitionAction, by: Mover, opts: MoveOptions): Promise<Moved | null> {
  const { to, kinds, states } = plan(action, by, opts);
  const { rows } = await client.query<Moved>(
    `WITH cur AS (
       SELECT b.id, b.state AS from_state,
         CASE WHEN $3 = 'auto' THEN CASE WHEN b.failed + b.conflicts > 0 THEN 'completed_with_errors' ELSE 'completed' END ELSE $3 END AS next
       FROM batches b WHERE b.id = $1 FOR UPDATE),
     upd AS (
       UPDATE batches b SET state = cur.next, updated_at = now(), progress_seq = b.progress_seq + 1,
         previewed_at = CASE WHEN $2 = 'preview' THEN now() ELSE b.previewed_at END,
         queued_at = CASE WHEN $2 = 'commit' THEN now() ELSE b.queued_at END,
         started_at = CASE WHEN cur.next = 'running' THEN coalesce(b.started_at, now()) ELSE b.started_at END,
         finished_at = CASE WHEN cur.next = ANY($6::text[]) THEN now() ELSE b.finished_at END,
         last_error = coalesce($7, b.last_error),
         chunk_count = coalesce($8, b.chunk_count)
       FROM cur WHERE b.id = cur.id AND (b.kind, cur.from_state) IN (SELECT * FROM unnest($4::text[], $5::text[]))
       RETURNING ${RECORD_COLUMNS}, cur.from_state AS "fromState", ${COUNTS_JSON} AS counts),
     ev AS (
       INSERT INTO batch_events (batch_id, kind, action, from_state, to_state, counts, actor_kind, actor_id, actor_via)
       SELECT id, kind, $2, "fromState", state, counts, $9, $10, $11 FROM upd)
     SELECT * FROM upd`,
    [
      batchId,
      action,
      to,
      kinds,
      states,
      FINAL_STATES,
      opts.lastError ?? null,
      opts.chunkCount ?? null,
      by.kind,
      by.kind === "worker" ? null : by.id,
      by.kind === "worker" ? null : actorVia(by),
    ],
  );
  return rows[0] ?? null;
}

/** Moves a batch along a non-final transition; null when its kind and state do not allow it. */
export function tryMove(client: pg.PoolClient, batchId: string, action: LifeAction, by: Mover, opts: MoveOptions = {}): Promise<Moved | null> {
  return apply(client, batchId, action, by, opts);
}

/** How a batch ends: done (completed, with errors if rows failed), failed, cancelled or discarded. */
export type BatchEnd = "done" | "failed" | "cancelled" | "discarded";
const END: Record<BatchEnd, EndAction> = { done: "finish", failed: "fail", cancelled: "cancel", discarded: "discard" };

/**
 * Ends a batch: the only writer of final states (completed, completed with errors, failed,
 * cancelled, discarded), each with its event. Null when the batch cannot end that way now (already
 * finished, say) — for workers that is simply someone else's win.
 */
export async function finishBatch(client: pg.PoolClient, batchId: string, end: BatchEnd, by: Mover, opts: { lastError?: string } = {}): Promise<Moved | null> {
  const moved = await apply(client, batchId, END[end], by, { ...opts, to: end === "done" ? "auto" : undefined });
  // A sequential job's next operation is committed with this end, or not at all (job-chain.ts).
  if (moved) await continueJob(client, moved);
  // Webhooks and the batch's creator hear of the end promptly; the sweeps would find the event anyway
  // (webhooks/drain.ts, notifications/drain.ts).
  if (moved) await queueWebhookDrain(client);
  if (moved) await queueNotificationDrain(client);
  return moved;
}

/** A CONFLICT saying why the batch cannot take `action` now (NOT_FOUND when it is gone). */
export async function refuseMove(client: pg.PoolClient, batchId: string, action: TransitionAction): Promise<never> {
  const { rows } = await client.query<{ kind: (typeof BATCH_KINDS)[number]; state: BatchState }>("SELECT kind, state FROM batches WHERE id = $1", [batchId]);
  const now = rows[0];
  if (!now) throw new AppError("NOT_FOUND", "No such batch.");
  throw new AppError("CONFLICT", refusal(action, now.kind, now.state), { state: now.state, action });
}

/** `tryMove`, or the CONFLICT saying why not. */
export async function move(client: pg.PoolClient, batchId: string, action: LifeAction, by: Mover, opts: MoveOptions = {}): Promise<Moved> {
  return (await tryMove(client, batchId, action, by, opts)) ?? refuseMove(client, batchId, action);
}

/** Refuses `action` for a batch the caller has locked, before it does work that only makes sense if the move will happen. */
export function assertCan(batch: Pick<BatchRecord, "kind" | "state">, action: TransitionAction): void {
  if (!transitionFor(action, batch.kind, batch.state)) throw new AppError("CONFLICT", refusal(action, batch.kind, batch.state), { state: batch.state, action });
}
