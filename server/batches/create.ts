import type pg from "pg";
import { audit } from "../audit/audit";
import { actorVia, type Actor } from "../auth/actor";
import { DEFAULT_OPTIONS, type BatchKind, type BatchOptions, type BatchOrigin } from "../contracts/batch";
import type { StoredOperation } from "../contracts/stored-operation";
import { checkRate } from "../limits";
import { KINDS } from "./kinds";
import { transitionFor } from "./machine";

export type NewBatch = {
  actor: Actor;
  kind: BatchKind;
  origin?: BatchOrigin;
  parentId?: string;
  resource: string;
  operation: StoredOperation;
  /** What it acts on, as submitted (stored as is, for retries and the batch page). */
  target: unknown;
  options?: BatchOptions;
  /** Known up front for single-job kinds (the rows to export, the files to fetch); chunked kinds count at planning. */
  totalItems?: number;
  /** The batch job it is operation `index` of (server/batches/job-chain.ts). */
  job?: { id: string; index: number };
  /** The template version it is a run of. */
  template?: { id: string; version: number };
  /** Written in the same transaction (single-job kinds are complete once created). */
  audit?: { action: string; details: Record<string, unknown> };
};

/**
 * Inserts a batch in the caller's transaction: spends the actor's hourly allowance for its kind,
 * writes the row in the kind's first state and its `create` event, and for single-job kinds queues
 * the job, so a batch and its job exist exactly together. Returns the new id.
 */
export async function createBatch(client: pg.PoolClient, b: NewBatch): Promise<string> {
  const kind = KINDS[b.kind];
  const first = transitionFor("create", b.kind, null)!.to[0]!;
  await checkRate(client, b.actor.id, b.actor.role, kind.rateBucket);
  const { rows } = await client.query<{ id: string }>(
    `WITH b AS (
       INSERT INTO batches (id, kind, origin, parent_id, resource, operation, target, options, state, created_by_id, total_items,
         queued_at, chunk_count, job_id, job_index, template_id, template_version)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $8 = 'queued' THEN now() END, $11, $15, $16, $17, $18)
       RETURNING *),
     ev AS (
       INSERT INTO batch_events (batch_id, kind, action, from_state, to_state, counts, actor_kind, actor_id, actor_via)
       SELECT b.id, b.kind, 'create', NULL, b.state, jsonb_build_object('total', b.total_items), $12, $13, $14 FROM b)
     SELECT id FROM b`,
    [
      b.kind,
      b.origin ?? "normal",
      b.parentId ?? null,
      b.resource,
      JSON.stringify(b.operation),
      JSON.stringify(b.target),
      JSON.stringify(b.options ?? DEFAULT_OPTIONS),
      first,
      b.actor.id,
      b.totalItems ?? 0,
      kind.chunked ? 0 : 1,
      b.actor.kind,
      b.actor.id,
      actorVia(b.actor),
      b.job?.id ?? null,
      b.job?.index ?? null,
      b.template?.id ?? null,
      b.template?.version ?? null,
    ],
  );
  const id = rows[0]!.id;
  if (first === "queued") await kind.job.insert(client, [{ batchId: id }]);
  if (b.audit) await audit({ actor: b.actor, action: b.audit.action, resource: b.resource, batchId: id, details: b.audit.details }, client);
  return id;
}
