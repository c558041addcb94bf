import type pg from "pg";
import type { Actor } from "../auth/actor";
import { assertCanSeeBatch } from "../auth/policy";
import type { BatchKind } from "../contracts/batch";
import { isUuid } from "../contracts/ids";
import { pool } from "../db";
import { AppError } from "../errors";
import { RECORD_COLUMNS, type BatchRecord } from "./record";

type Db = pg.Pool | pg.PoolClient;

const notFound = () => new AppError("NOT_FOUND", "No such batch.");

async function read(db: Db, batchId: string, lock: boolean): Promise<BatchRecord | null> {
  // Ids arrive from URLs and scripts unchecked: a malformed one is simply not a batch.
  if (!isUuid(batchId)) return null;
  const { rows } = await db.query<BatchRecord>(`SELECT ${RECORD_COLUMNS} FROM batches b WHERE b.id = $1${lock ? " FOR UPDATE" : ""}`, [batchId]);
  return rows[0] ?? null;
}

/** The batch if `actor` may see it (and, with `kind`, is of that kind); else NOT_FOUND, or BAD_REQUEST for the wrong kind. */
export async function visibleBatch(actor: Pick<Actor, "id" | "role">, batchId: string, opts: { kind?: BatchKind; db?: Db } = {}): Promise<BatchRecord> {
  const batch = await read(opts.db ?? pool(), batchId, false);
  if (!batch) throw notFound();
  assertCanSeeBatch(actor, batch.createdById);
  if (opts.kind && batch.kind !== opts.kind) throw new AppError("BAD_REQUEST", `This batch is not ${opts.kind === "fetch" ? "a file fetch" : `a ${opts.kind} batch`}.`);
  return batch;
}

/** Reads and row-locks a batch the actor may control, in the caller's transaction. */
export async function lockBatch(client: pg.PoolClient, actor: Pick<Actor, "id" | "role">, batchId: string): Promise<BatchRecord> {
  const batch = await read(client, batchId, true);
  if (!batch) throw notFound();
  assertCanSeeBatch(actor, batch.createdById);
  return batch;
}
