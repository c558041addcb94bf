import { TRPCError } from "@trpc/server";
import type { BatchInput } from "../../server/contracts/batch";
import { pool } from "../../server/db";
import { runToEnd } from "./run-batch";
import type { callerAs } from "./session";

export type Caller = Awaited<ReturnType<typeof callerAs>>;

/** Commits a previewed batch, runs it to the end in this process and returns its final summary. */
export async function commitAndRun(caller: Caller, batchId: string) {
  await caller.batch.execute({ batchId });
  await runToEnd(batchId);
  return caller.batch.status({ batchId });
}

/** Dry run, commit and run of `input`; returns the preview and the finished batch. */
export async function runOperation(caller: Caller, input: BatchInput) {
  const preview = await caller.batch.validate(input);
  const done = await commitAndRun(caller, preview.id);
  return { preview, done };
}

type ItemsFilter = Omit<Parameters<Caller["batch"]["items"]>[0], "batchId" | "page" | "pageSize">;

/** Every item of a batch (all pages), optionally filtered by planned outcome or result. */
export async function allItems(caller: Caller, batchId: string, filter: ItemsFilter = {}) {
  const out: Awaited<ReturnType<Caller["batch"]["items"]>>["items"] = [];
  for (let page = 1; ; page++) {
    const { items, total } = await caller.batch.items({ batchId, ...filter, page, pageSize: 500 });
    out.push(...items);
    if (out.length >= total || items.length === 0) return out;
  }
}

/** The tRPC error a call rejects with (fails the test when it resolves). */
export async function errorOf(call: Promise<unknown>): Promise<TRPCError> {
  const outcome = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(outcome instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${outcome === null ? "success" : String(outcome)}`);
  return outcome;
}

/** Rows of `table` with the given ids, keyed by id (column names as stored). */
export async function rowsById(table: string, ids: number[]): Promise<Map<number, Record<string, unknown>>> {
  const { rows } = await pool().query<Record<string, unknown> & { id: number }>(`SELECT * FROM ${table} WHERE id = ANY($1::int4[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** Ids of `table` rows matching a SQL predicate written by the test, in `orderBy` order. */
export async function idsWhere(table: string, where: string, params: unknown[] = [], orderBy = "id"): Promise<number[]> {
  const { rows } = await pool().query<{ id: number }>(`SELECT id FROM ${table} WHERE ${where} ORDER BY ${orderBy}`, params);
  return rows.map((r) => r.id);
}

/** A digest of a whole table, to show that something left it untouched. */
export async function tableDigest(table: string): Promise<string> {
  const { rows } = await pool().query<{ d: string }>(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS d FROM ${table} t`);
  return rows[0]!.d;
}

/** Counts of a batch's result rows per result. */
export async function resultCounts(batchId: string): Promise<Record<string, number>> {
  const { rows } = await pool().query<{ result: string; n: number }>(
    "SELECT result, count(*)::int AS n FROM batch_results WHERE batch_id = $1 GROUP BY result",
    [batchId],
  );
  return Object.fromEntries(rows.map((r) => [r.result, r.n]));
}

/** Simulates someone else editing rows: changes a column and bumps the version, as the app does. */
export async function editBehindTheBatch(table: string, ids: number[], set: string): Promise<void> {
  await pool().query(`UPDATE ${table} SET ${set}, version = version + 1, updated_at = now() WHERE id = ANY($1::int4[])`, [ids]);
}

/** Holds a row lock from another connection (as a slow user would) until `release` is called. */
export async function holdRowLock(table: string, id: number): Promise<{ release: () => Promise<void> }> {
  const client = await pool().connect();
  await client.query("BEGIN");
  await client.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
  return {
    release: async () => {
      await client.query("COMMIT");
      client.release();
    },
  };
}

/** Checks that each of a batch's items has exactly one result row. */
export async function resultsPerItem(batchId: string): Promise<{ items: number; results: number; missing: number; extra: number }> {
  const { rows } = await pool().query<{ items: number; results: number; missing: number; extra: number }>(
    `SELECT (SELECT count(*) FROM batch_items WHERE batch_id = $1)::int AS items,
            (SELECT count(*) FROM batch_results WHERE batch_id = $1)::int AS results,
            (SELECT count(*) FROM batch_items i WHERE batch_id = $1 AND NOT EXISTS
               (SELECT 1 FROM batch_results r WHERE r.batch_id = i.batch_id AND r.seq = i.seq))::int AS missing,
            (SELECT count(*) FROM batch_results r WHERE batch_id = $1 AND NOT EXISTS
               (SELECT 1 FROM batch_items i WHERE i.batch_id = r.batch_id AND i.seq = r.seq))::int AS extra`,
    [batchId],
  );
  return rows[0]!;
}
