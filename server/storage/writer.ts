import crypto from "node:crypto";
import { Writable } from "node:stream";
import type pg from "pg";
import { pool } from "../db";
import { PART_SIZE, type FileKind } from "./constants";
import { FILE_RETENTION_DAYS } from "../contracts/exports";

export type NewFile = {
  kind: FileKind;
  name: string;
  mime: string;
  createdById: string;
  format?: string | null;
  resource?: string | null;
  batchId?: string | null;
  /** Omit for FILE_RETENTION_DAYS from now; null keeps the file until it is deleted. */
  expiresAt?: Date | null;
};

type Queryable = pg.Pool | pg.PoolClient;

/** Creates an invisible (`writing`) file row; its bytes go in through a `StoredFileWriter`. */
export async function createFileRow(file: NewFile, db: Queryable = pool()): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO stored_files (id, kind, name, mime, format, resource, created_by_id, batch_id, expires_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, CASE WHEN $8 THEN $9::timestamptz ELSE now() + make_interval(days => $10) END)
     RETURNING id`,
    [file.kind, file.name, file.mime, file.format ?? null, file.resource ?? null, file.createdById, file.batchId ?? null, file.expiresAt !== undefined, file.expiresAt ?? null, FILE_RETENTION_DAYS],
  );
  return rows[0]!.id;
}

export type WrittenFile = { size: number; sha256: string; parts: number };

const INSERT_PART = "INSERT INTO stored_file_parts (file_id, part_no, data) VALUES ($1, $2, $3)";

/**
 * A Writable that cuts its input into parts of exactly PART_SIZE bytes and inserts each with one
 * short statement as soon as it is full. No connection is held between parts: a download that
 * trickles in from a slow source borrows a pooled connection only for the moment a full part is
 * written, so slow sources cannot starve the pool. The parts sit under the file's `writing` row,
 * invisible until `markReady`; a writer that dies leaves them to `deleteUnfinishedFiles` or the
 * cleanup job. One insert may be in flight while the next part fills (two buffers take turns), so
 * a fast producer such as an export overlaps its reading with the writes.
 */
export class StoredFileWriter extends Writable {
  private buffer: Buffer = Buffer.allocUnsafe(PART_SIZE);
  /** The buffer of the part being inserted; it is filled again once that insert is done. */
  private spare: Buffer | null = null;
  private filled = 0;
  private partNo = 0;
  private size = 0;
  private readonly hash = crypto.createHash("sha256");
  private inFlight: Promise<void> | null = null;
  private result: WrittenFile | null = null;

  constructor(
    readonly fileId: string,
    private readonly db: pg.Pool = pool(),
  ) {
    super({ highWaterMark: PART_SIZE });
  }

  /** Size and checksum, once the stream has finished. */
  get written(): WrittenFile {
    if (!this.result) throw new Error("StoredFileWriter has not finished");
    return this.result;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.take(chunk).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    (async () => {
      if (this.filled > 0) await this.sendPart();
      await this.inFlight;
      this.result = { size: this.size, sha256: this.hash.digest("hex"), parts: this.partNo };
    })().then(() => callback(), callback);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    // Waits for an insert still running; none starts once destroyed, and one that lands after its
    // file was deleted is refused by the foreign key, so no part outlives its file. That insert's
    // own failure is not news any more.
    const done = () => callback(err);
    (this.inFlight ?? Promise.resolve()).then(done, done);
  }

  private async take(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.size += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(PART_SIZE - this.filled, chunk.length - offset);
      chunk.copy(this.buffer, this.filled, offset, offset + n);
      this.filled += n;
      offset += n;
      if (this.filled === PART_SIZE) await this.sendPart();
    }
  }

  /** Starts inserting the filled part once the previous insert is done; returns when it has started. */
  private async sendPart(): Promise<void> {
    await this.inFlight;
    if (this.destroyed) throw new Error("StoredFileWriter was destroyed");
    const part = this.buffer;
    const data = this.filled === PART_SIZE ? part : part.subarray(0, this.filled);
    const insert = this.db.query(INSERT_PART, [this.fileId, this.partNo++, data]).then(() => {
      this.spare = part;
    });
    // Marked handled here: its failure reaches the stream through the next await of inFlight.
    insert.catch(() => {});
    this.inFlight = insert;
    this.buffer = this.spare ?? Buffer.allocUnsafe(PART_SIZE);
    this.spare = null;
    this.filled = 0;
  }
}

/**
 * Makes a fully written file visible. Run it in the transaction that records what the file is for.
 * The parts in the database must add up to what the writer wrote (count and bytes), so a part that
 * went missing can never be served as a shorter file under the writer's checksum.
 */
export async function markReady(db: Queryable, fileId: string, written: WrittenFile, rowCount: number | null): Promise<void> {
  const { rows } = await db.query<{ state: string | null; parts: number; bytes: number; marked: number }>(
    `WITH stored AS (SELECT count(*)::int AS parts, coalesce(sum(octet_length(data)), 0)::int8 AS bytes FROM stored_file_parts WHERE file_id = $1),
     marked AS (
       UPDATE stored_files f SET state = 'ready', size = $2, sha256 = $3, row_count = $4, ready_at = now()
       FROM stored WHERE f.id = $1 AND f.state = 'writing' AND stored.parts = $5 AND stored.bytes = $2 RETURNING 1)
     SELECT (SELECT state FROM stored_files WHERE id = $1) AS state, stored.parts, stored.bytes, (SELECT count(*)::int FROM marked) AS marked FROM stored`,
    [fileId, written.size, written.sha256, rowCount, written.parts],
  );
  const r = rows[0]!;
  // Throwing rolls back the caller's transaction, so nothing is recorded as done without its file.
  if (r.marked === 1) return;
  if (r.state !== "writing") throw new Error(`stored file ${fileId} disappeared while it was written`);
  throw new Error(`stored file ${fileId} has ${r.parts} parts and ${r.bytes} bytes in the database, but ${written.parts} parts and ${written.size} bytes were written`);
}

/** Deletes a file and its parts (used for half-written files and by users deleting a file). */
export async function deleteFile(fileId: string, db: Queryable = pool()): Promise<void> {
  await db.query("DELETE FROM stored_files WHERE id = $1", [fileId]);
}

/** Deletes files a previous attempt of `batchId` left half-written, so a retried job starts clean. */
export async function deleteUnfinishedFiles(batchId: string, db: Queryable = pool()): Promise<number> {
  const { rowCount } = await db.query("DELETE FROM stored_files WHERE batch_id = $1 AND state = 'writing'", [batchId]);
  return rowCount ?? 0;
}
