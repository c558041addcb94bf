import type pg from "pg";
import { pool } from "../db";
import { PART_SIZE } from "./constants";

/**
 * Yields bytes `start`..`end` (inclusive) of a stored file, at most one part (1 MiB) per query, so
 * a download holds one part in memory however large the file. substring() on the uncompressed,
 * out-of-line column reads only the TOAST chunks the range needs.
 */
export async function* fileBytes(fileId: string, start: number, end: number, db: pg.Pool = pool()): AsyncGenerator<Buffer> {
  let pos = start;
  while (pos <= end) {
    const partNo = Math.floor(pos / PART_SIZE);
    const offset = pos - partNo * PART_SIZE;
    const length = Math.min(PART_SIZE - offset, end - pos + 1);
    // Text results (bytea as hex, decoded by node-postgres): its per-query binary mode decodes
    // columns as UTF-8 first, which corrupts arbitrary bytes.
    const { rows } = await db.query<{ data: Buffer }>(
      "SELECT substring(data FROM $3 FOR $4) AS data FROM stored_file_parts WHERE file_id = $1 AND part_no = $2",
      [fileId, partNo, offset + 1, length],
    );
    const data = rows[0]?.data;
    if (!data || data.length !== length) throw new Error(`stored file ${fileId} is missing bytes in part ${partNo}`);
    yield data;
    pos += length;
  }
}
