import type pg from "pg";
import { audit } from "../audit/audit";
import { restrictedToOwnRows } from "../batch/permissions";
import type { BatchActor } from "../batch/service/actor";
import { batchSummary, type BatchSummary } from "../batch/service/read";
import { optionsSchema } from "../batch/schemas";
import { pool } from "../db";
import { AppError } from "../errors";
import { producer } from "../jobs/boss";
import { checkRate } from "../limits";
import { rowSelectionSchema, selectionWhere } from "../resources/filter";
import { getResource } from "../resources/registry";
import { Params } from "../sql/params";
import { withTransaction } from "../sql/tx";
import { assertFetchBatch } from "./batch";
import { mediaFetchJob } from "./job";
import { checkFetchSize, maxFilesPerFetch } from "./limits";
import { fetchInputSchema, fetchOperationSchema, type FetchInput, type FetchOperation, type FetchTarget } from "./schemas";

type Selected = { id: number; source_url: string; owner_id: string };

/**
 * The media files `target` selects now that `actor` may fetch, in id order. Operators fetch only
 * their own files: picking someone else's by id is refused outright, a filter simply leaves them out.
 * At most one file over the per-batch limit is read, so a huge selection costs no memory; the
 * count for the message comes separately.
 */
async function selectFiles(db: pg.Pool | pg.PoolClient, actor: BatchActor, target: FetchTarget): Promise<Selected[]> {
  const params = new Params();
  let where: string;
  if (target.kind === "ids") where = `t.id = ANY(${params.add([...new Set(target.ids)], "int4[]")})`;
  else {
    where = selectionWhere(getResource("media_files"), rowSelectionSchema.parse(target.selection), params);
    if (target.excludeIds.length) where += ` AND NOT (t.id = ANY(${params.add(target.excludeIds, "int4[]")}))`;
  }
  if (restrictedToOwnRows(actor.role)) {
    if (target.kind === "ids") {
      const owner = `$${params.values.length + 1}`;
      const { rows } = await db.query(`SELECT 1 FROM media_files t WHERE ${where} AND t.owner_id <> ${owner} LIMIT 1`, [...params.values, actor.id]);
      if (rows.length) throw new AppError("FORBIDDEN", "You can only fetch media files you own.");
    } else where += ` AND t.owner_id = ${params.add(actor.id, "text")}`;
  }
  const max = maxFilesPerFetch();
  const { rows } = await db.query<Selected>(`SELECT t.id, t.source_url, t.owner_id FROM media_files t WHERE ${where} ORDER BY t.id LIMIT ${max + 1}`, params.values);
  if (rows.length > max) {
    const { rows: count } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM media_files t WHERE ${where}`, params.values);
    checkFetchSize(count[0]!.n);
  }
  checkFetchSize(rows.length);
  return rows;
}

/** Queues the fetch job in the caller's transaction, so it exists exactly when the batch does. */
async function enqueueFetch(client: pg.PoolClient, batchId: string): Promise<void> {
  const boss = await producer();
  const db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
  await boss.insert(mediaFetchJob.name, [{ data: mediaFetchJob.schema.parse({ batchId }) }], { db });
}

/**
 * Starts a bulk fetch: resolves the selection to the files the actor may fetch, checks the
 * per-batch limit, then records a queued batch with operation {type: "fetch"}, one media_fetches
 * row per file, and queues the worker.
 */
export async function createMediaFetch(actor: BatchActor, raw: FetchInput): Promise<BatchSummary> {
  const input = fetchInputSchema.parse(raw);
  const files = await selectFiles(pool(), actor, input.target);
  const operation: FetchOperation = { type: "fetch", concurrency: input.concurrency, force: input.force };
  const batchId = await withTransaction(async (client) => {
    await checkRate(client, actor.id, actor.role, "batches");
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO batches (id, resource, kind, operation, target, options, state, created_by_id, total_items, queued_at, chunk_count)
       VALUES (gen_random_uuid(), 'media_files', 'normal', $1, $2, $3, 'queued', $4, $5, now(), 1) RETURNING id`,
      [JSON.stringify(operation), JSON.stringify(input.target), JSON.stringify(optionsSchema.parse({})), actor.id, files.length],
    );
    const id = rows[0]!.id;
    await client.query(
      `INSERT INTO media_fetches (batch_id, seq, media_file_id, source_url)
       SELECT $1, f.seq::int, f.id, f.url FROM unnest($2::int4[], $3::text[]) WITH ORDINALITY AS f(id, url, seq)`,
      [id, files.map((f) => f.id), files.map((f) => f.source_url)],
    );
    await enqueueFetch(client, id);
    await audit({ actor, action: "media.fetch", resource: "media_files", batchId: id, details: { files: files.length, ...operation, target: input.target.kind } }, client);
    return id;
  });
  return batchSummary(actor, batchId);
}

/**
 * A new fetch of the files that failed in a finished fetch, with its settings: the "retry only the
 * failed rows" of a file fetch (its own batch, so the first one's record stays as it was).
 */
export async function refetchFailed(actor: BatchActor, batchId: string): Promise<BatchSummary> {
  await assertFetchBatch(actor, batchId);
  const { rows } = await pool().query<{ id: number | null; state: string; operation: unknown }>(
    `SELECT f.media_file_id AS id, b.state, b.operation FROM batches b LEFT JOIN media_fetches f ON f.batch_id = b.id AND f.state = 'failed'
     WHERE b.id = $1 ORDER BY f.seq`,
    [batchId],
  );
  const first = rows[0];
  if (!first || !["completed", "completed_with_errors", "failed", "cancelled"].includes(first.state)) {
    throw new AppError("CONFLICT", "Wait until the fetch has finished (or cancel it) first.");
  }
  const ids = rows.flatMap((r) => (r.id === null ? [] : [r.id]));
  if (ids.length === 0) throw new AppError("BAD_REQUEST", "No file failed in this fetch: there is nothing to fetch again.");
  const op = fetchOperationSchema.parse(first.operation);
  return createMediaFetch(actor, { target: { kind: "ids", ids }, concurrency: op.concurrency, force: false });
}
