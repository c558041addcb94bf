import type pg from "pg";
import { getField } from "../../resources/registry";
import type { FieldDef, ResourceDef } from "../../resources/types";
import { ident } from "../../sql/params";
import type { ItemResult } from "../schemas";
import { fromJson, jsonObject } from "../plan/json-values";

export type ChunkRange = { batchId: string; firstSeq: number; lastSeq: number };
export type ChunkCounts = Record<ItemResult, number>;

const col = (f: FieldDef) => ident(f.column);
const planned = (action: string) => `
  SELECT seq, row_id, row_version, before, after FROM batch_items
  WHERE batch_id = $1 AND seq BETWEEN $2 AND $3 AND outcome = 'will_change' AND action = '${action}'`;

const CONFLICT = `jsonb_build_object('code', 'CONFLICT', 'message', 'Changed by someone else since the preview; not overwritten.',
  'changed', (SELECT coalesce(jsonb_agg(k), '[]'::jsonb) FROM jsonb_object_keys(coalesce(p.before, '{}'::jsonb)) k
              WHERE p.before->k IS DISTINCT FROM c.image->k))`;
const GONE = `jsonb_build_object('code', 'NOT_FOUND', 'message', 'The row no longer exists.')`;

/** Updates: lock the rows, write only those whose version still matches the preview, record before-images. */
function updateSql(res: ResourceDef, touched: FieldDef[]): string {
  const sets = touched.map((f) => `${col(f)} = ${fromJson(f, "p.after")}`);
  return `
    WITH p AS (${planned("update")}),
    c AS (SELECT t.id, t.version, ${jsonObject(touched, (f) => `t.${col(f)}`)} AS image
          FROM ${ident(res.table)} t WHERE t.id IN (SELECT row_id FROM p) FOR UPDATE),
    u AS (UPDATE ${ident(res.table)} t SET ${[...sets, "version = t.version + 1", "updated_at = now()"].join(", ")}
          FROM p JOIN c ON c.id = p.row_id AND c.version = p.row_version
          WHERE t.id = p.row_id RETURNING t.id, t.version)
    INSERT INTO batch_results (batch_id, seq, row_id, result, error, before_image, applied_version)
    SELECT $1, p.seq, p.row_id,
      CASE WHEN c.id IS NULL THEN 'failed' WHEN u.id IS NULL THEN 'conflict' ELSE 'succeeded' END,
      CASE WHEN c.id IS NULL THEN ${GONE} WHEN u.id IS NULL THEN ${CONFLICT} END,
      c.image, u.version
    FROM p LEFT JOIN c ON c.id = p.row_id LEFT JOIN u ON u.id = p.row_id
    RETURNING result`;
}

/** Deletes: the whole row is kept as the before-image so a revert can re-create it. */
function deleteSql(res: ResourceDef): string {
  return `
    WITH p AS (${planned("delete")}),
    c AS (SELECT t.id, t.version, ${jsonObject(res.fields, (f) => `t.${col(f)}`)} AS image
          FROM ${ident(res.table)} t WHERE t.id IN (SELECT row_id FROM p) FOR UPDATE),
    d AS (DELETE FROM ${ident(res.table)} t USING p, c
          WHERE t.id = p.row_id AND c.id = p.row_id AND c.version = p.row_version RETURNING t.id)
    INSERT INTO batch_results (batch_id, seq, row_id, result, error, before_image)
    SELECT $1, p.seq, p.row_id,
      CASE WHEN c.id IS NULL THEN 'failed' WHEN d.id IS NULL THEN 'conflict' ELSE 'succeeded' END,
      CASE WHEN c.id IS NULL THEN ${GONE} WHEN d.id IS NULL THEN ${CONFLICT} END,
      c.image
    FROM p LEFT JOIN c ON c.id = p.row_id LEFT JOIN d ON d.id = p.row_id
    RETURNING result`;
}

/**
 * Creates: ids are drawn first so each item knows its row. A row that would break a unique key
 * (someone created it after the preview) is skipped by ON CONFLICT and reported as a conflict.
 * `after.id` present means re-creating a deleted row (a revert), with all its recorded values.
 */
function createSql(res: ResourceDef): string {
  const writable = res.fields.filter((f) => !f.readOnly);
  // Other read-only columns are written only when re-creating a deleted row (NOT NULL ones keep their default).
  const restorable = res.fields.filter((f) => f.readOnly && !["id", "version", "createdAt", "updatedAt", "downloadState"].includes(f.name));
  const cols = [getField(res, "id"), ...writable, ...restorable];
  const values = [
    "p.new_id",
    ...writable.map((f) => fromJson(f, "p.after")),
    ...restorable.map((f) => `CASE WHEN p.after ? '${f.name}' THEN ${fromJson(f, "p.after")} END`),
  ];
  return `
    WITH p AS (SELECT q.*, coalesce((q.after->>'id')::int4, nextval(pg_get_serial_sequence('${res.table}', 'id'))::int4) AS new_id
               FROM (${planned("create")}) q),
    i AS (INSERT INTO ${ident(res.table)} (${cols.map(col).join(", ")}, created_at)
          SELECT ${values.join(", ")}, coalesce((p.after->>'createdAt')::timestamptz, now()) FROM p ORDER BY p.seq
          ON CONFLICT DO NOTHING RETURNING id, version)
    INSERT INTO batch_results (batch_id, seq, row_id, result, error, applied_version)
    SELECT $1, p.seq, p.new_id,
      CASE WHEN i.id IS NULL THEN 'conflict' ELSE 'succeeded' END,
      CASE WHEN i.id IS NULL THEN jsonb_build_object('code', 'CONFLICT', 'message', 'A row with the same unique key was created since the preview.') END,
      i.version
    FROM p LEFT JOIN i ON i.id = p.new_id
    RETURNING result`;
}

/** Items that are not applied still get their one result row: unchanged, or invalid with its reasons. */
const SKIPPED_SQL = `
  INSERT INTO batch_results (batch_id, seq, row_id, result, error)
  SELECT batch_id, seq, row_id, CASE outcome WHEN 'unchanged' THEN 'unchanged' ELSE 'invalid' END,
    CASE WHEN outcome = 'invalid' THEN jsonb_build_object('code', errors->0->>'code', 'message', errors->0->>'message', 'errors', errors) END
  FROM batch_items WHERE batch_id = $1 AND seq BETWEEN $2 AND $3 AND outcome <> 'will_change'
  RETURNING result`;

/**
 * Applies one chunk inside the caller's transaction with set-based statements (one per action kind,
 * never one per row) and returns counts per result. Each item gets exactly one result row; the
 * primary key on (batch_id, seq) makes a second application of the same chunk impossible.
 */
export async function applyChunk(client: pg.PoolClient, res: ResourceDef, fieldsTouched: string[], range: ChunkRange): Promise<ChunkCounts> {
  const counts: ChunkCounts = { succeeded: 0, unchanged: 0, invalid: 0, conflict: 0, failed: 0 };
  const args = [range.batchId, range.firstSeq, range.lastSeq];
  const { rows: actions } = await client.query<{ action: string }>(
    `SELECT DISTINCT action FROM batch_items WHERE batch_id = $1 AND seq BETWEEN $2 AND $3 AND outcome = 'will_change'`,
    args,
  );
  const touched = fieldsTouched.map((name) => getField(res, name));
  const statements = [SKIPPED_SQL];
  for (const { action } of actions) {
    if (action === "update") statements.push(updateSql(res, touched));
    else if (action === "delete") statements.push(deleteSql(res));
    else if (action === "create") statements.push(createSql(res));
  }
  for (const sql of statements) {
    const { rows } = await client.query<{ result: ItemResult }>(sql, args);
    for (const r of rows) counts[r.result] += 1;
  }
  return counts;
}
