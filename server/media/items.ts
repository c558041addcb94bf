import { z } from "zod";
import { pool } from "../db";
import type { Actor } from "../auth/actor";
import { assertFetchBatch } from "./access";
import { ITEM_FILE_SQL } from "./files";

export const fetchItemsQuerySchema = z.object({
  batchId: z.uuid(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(500).default(100),
});

export type FetchItemRow = {
  seq: number;
  mediaFileId: number;
  name: string | null;
  sourceUrl: string;
  state: string;
  bytes: number;
  totalBytes: number | null;
  bytesPerSecond: number | null;
  storedFileId: string | null;
  error: { message: string } | null;
  startedAt: Date | null;
  finishedAt: Date | null;
};

/** Per-file progress of a fetch batch, in selection order, a page at a time. */
export async function listFetchItems(actor: Actor, raw: z.input<typeof fetchItemsQuerySchema>) {
  const input = fetchItemsQuerySchema.parse(raw);
  await assertFetchBatch(actor, input.batchId);
  const { rows } = await pool().query<FetchItemRow & { total: number }>(
    `SELECT f.seq, f.media_file_id AS "mediaFileId", m.name, f.source_url AS "sourceUrl", f.state, f.bytes::float8 AS bytes,
       f.total_bytes::float8 AS "totalBytes", f.bytes_per_second AS "bytesPerSecond", ${ITEM_FILE_SQL} AS "storedFileId", f.error,
       f.started_at AS "startedAt", f.finished_at AS "finishedAt", count(*) OVER ()::int AS total
     FROM media_fetches f LEFT JOIN media_files m ON m.id = f.media_file_id
     WHERE f.batch_id = $1 ORDER BY f.seq LIMIT $2 OFFSET $3`,
    [input.batchId, input.pageSize, (input.page - 1) * input.pageSize],
  );
  return { items: rows.map(({ total: _total, ...r }) => r), total: rows[0]?.total ?? 0, page: input.page, pageSize: input.pageSize };
}
