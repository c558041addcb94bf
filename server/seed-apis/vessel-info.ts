// Seed 001, "批量操作API" for VesselInfoFromCompany: bulk query, create, update and delete of vessel
// schedules by their natural key (carrier, POL, POD, vessel, voyage), answered in the seed's
// `{ success, message, data }` envelope with one entry per submitted index. Nothing here writes a
// row: each call is one batch of the engine (create / updateByKey / deleteByKey / hardDelete), with
// its permissions (operators change only their own rows; deletes are admins'), limits, audit, preview
// and revert, and the call waits a bounded time for the worker so small requests answer at once.
import type { Actor } from "../auth/actor";
import { setting } from "../config";
import type { BatchInput } from "../contracts/batch";
import { pool } from "../db";
import { queryResource, selectList } from "../resources/query";
import { ident } from "../sql/params";
import type { SeedReply } from "./vessel-info-envelope";
import { KEY_SEED_NAMES, parseProjection, seedNameOf, toOurItem, toSeedRecord, vesselResource as res, VESSEL_INFO_ALIASES, type SeedName } from "./vessel-info-fields";
import { parseDelete, parseQuery, parseRecords, type Verb } from "./vessel-info-input";
import { runAndWait, type ItemOutcome } from "./sync-batch";

const maxItems = () => setting("VESSEL_INFO_MAX_ITEMS");
const waitSeconds = () => setting("VESSEL_INFO_WAIT_SECONDS");

/** Current rows by id, as API-named values. */
async function rowsById(ids: number[]): Promise<Map<number, Record<string, unknown>>> {
  if (ids.length === 0) return new Map();
  const { rows } = await pool().query<Record<string, unknown> & { id: number }>(
    `SELECT ${selectList(res)} FROM ${ident(res.table)} t WHERE t.id = ANY($1::int4[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

type Entry = { index: number; success: boolean; data: unknown };

/** A failed index: the first reason (in `error`, with our code), every reason with the seed's field names, and what was sent. */
function failedEntry(o: ItemOutcome, submitted: unknown): Entry & Record<string, unknown> {
  return {
    index: o.index,
    success: false,
    error: o.message,
    error_code: o.code,
    errors: o.errors.map((e) => ({ code: e.code, field: e.field === null ? null : seedNameOf(e.field), message: e.message })),
    data: submitted,
  };
}

/**
 * The per-index answer of a write: `okKey` lists the indexes applied (or already as asked), `failed`
 * the others with their reasons, `pending` those the worker has not reached within the wait (then
 * 202, with the batch id to follow it), and the seed's `summary`.
 */
function perIndexReply(verb: Verb, okKey: "created" | "updated" | "deleted", run: Awaited<ReturnType<typeof runAndWait>>, submitted: unknown[], dataOf: (o: ItemOutcome) => unknown): SeedReply {
  const ok: Entry[] = [];
  const failed: Entry[] = [];
  const pending: number[] = [];
  for (const o of run.items) {
    if (o.state === "succeeded" || o.state === "unchanged") ok.push({ index: o.index, success: true, data: dataOf(o) });
    else if (o.state === "pending") pending.push(o.index);
    else failed.push(failedEntry(o, submitted[o.index]));
  }
  const total = submitted.length;
  const summary = { total_requests: total, success_count: ok.length, failed_count: failed.length, ...(pending.length ? { pending_count: pending.length } : {}) };
  const message = run.finished ? `批量${verb}完成: ${ok.length}/${total} 成功` : `批量${verb}仍在处理中: ${ok.length + failed.length}/${total} 已完成`;
  const data = { [okKey]: ok, failed, summary, batch_id: run.batch.id, ...(pending.length ? { pending } : {}) };
  return { status: run.finished ? 200 : 202, body: { success: true, message, data } };
}

async function write(actor: Actor, input: BatchInput) {
  return runAndWait(actor, input, waitSeconds());
}

/** POST bulk-create/: each record a new vessel schedule (a key that exists already fails its index). */
export async function bulkCreate(actor: Actor, body: unknown): Promise<SeedReply> {
  const records = parseRecords(body, "创建", maxItems());
  const run = await write(actor, { resource: res.name, target: { kind: "items", items: records.map(toOurItem) }, operation: { type: "create" } });
  const rows = await rowsById(run.items.flatMap((o) => (o.state === "succeeded" && o.rowId ? [o.rowId] : [])));
  return perIndexReply("创建", "created", run, records, (o) => toSeedRecord(rows.get(o.rowId!) ?? {}));
}

/** PATCH bulk-update/: each record names its row by the natural key and sets the other fields it gives; an unknown key fails its index. */
export async function bulkUpdate(actor: Actor, body: unknown): Promise<SeedReply> {
  const records = parseRecords(body, "更新", maxItems());
  const run = await write(actor, { resource: res.name, target: { kind: "items", items: records.map(toOurItem) }, operation: { type: "updateByKey" } });
  const rows = await rowsById(run.items.flatMap((o) => (o.rowId && o.state !== "failed" ? [o.rowId] : [])));
  return perIndexReply("更新", "updated", run, records, (o) => toSeedRecord(rows.get(o.rowId!) ?? {}));
}

/** DELETE bulk-delete/: by natural keys (`items`) or ids (`item_ids`); a deleted row is answered with its id and key. */
export async function bulkDelete(actor: Actor, body: unknown): Promise<SeedReply> {
  const input = parseDelete(body, maxItems());
  const batch: BatchInput =
    input.kind === "keys"
      ? { resource: res.name, target: { kind: "naturalKeys", keys: input.keys.map(toOurItem) }, operation: { type: "deleteByKey" } }
      : { resource: res.name, target: { kind: "ids", ids: input.ids }, operation: { type: "hardDelete" } };
  const submitted: unknown[] = input.kind === "keys" ? input.keys : input.ids.map((id) => ({ id }));
  const run = await write(actor, batch);
  const names: SeedName[] = ["id", ...KEY_SEED_NAMES];
  return perIndexReply("删除", "deleted", run, submitted, (o) => toSeedRecord({ ...o.before, id: o.rowId }, names));
}

/**
 * GET bulk-query/: each query's fields must all equal (AND); every query gets one page of its
 * matches (`page`, `page_size`, by id) and its total `count`. The top `count` is the matches of all
 * queries; `next` / `previous` link the neighbouring page while any query has one.
 */
export async function bulkQuery(actor: Actor, url: URL): Promise<SeedReply> {
  const input = parseQuery(url, maxItems());
  const projection = parseProjection(input.fields);
  const pageSize = Math.min(input.pageSize, 500);
  const results = [];
  let total = 0;
  let more = false;
  for (const [index, query] of input.queries.entries()) {
    const conditions = Object.entries(query)
      .filter(([, v]) => v !== undefined)
      .map(([name, value]) => ({ field: VESSEL_INFO_ALIASES[name as SeedName], ...(value === null ? { op: "isNull" as const } : { op: "eq" as const, value }) }));
    const page = await queryResource(actor.role, {
      resource: res.name,
      selection: { filter: { combinator: "and", conditions }, scope: "active" },
      sort: { field: "id", dir: "asc" },
      page: input.page,
      pageSize,
    });
    results.push({ query_index: index, matches: page.rows.map((r) => toSeedRecord(r, projection)), count: page.total });
    total += page.total;
    more ||= page.total > input.page * pageSize;
  }
  const link = (page: number) => {
    const next = new URL(url);
    next.searchParams.set("page", String(page));
    return next.toString();
  };
  return {
    status: 200,
    body: { success: true, message: "批量查询成功", data: { count: total, next: more ? link(input.page + 1) : null, previous: input.page > 1 ? link(input.page - 1) : null, results } },
  };
}
