import crypto from "node:crypto";
import { Writable } from "node:stream";
import type pg from "pg";
import { pool } from "../db";
import { PART_SIZE, type FileKind } from "./constants";

export type NewFile = {
  kind: FileKind;
  name: string;
  mime: string;
  createdById: string;
  format?: string | null;
  resource?: string | null;
  batchId?: string | null;
  /** Omit for the table's default (7 days); null keeps the file until it is deleted. */
  expiresAt?: Date | null;
};

type Queryable = pg.Pool | pg.PoolClient;

/** Creates an invisible (`writing`) file row; its bytes go in through a `StoredFileWriter`. */
export async function createFileRow(file: NewFile, db: Queryable = pool()): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO stored_files (id, kind, name, mime, format, resource, created_by_id, batch_id, expires_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, CASE WHEN $8 THEN $9::timestamptz ELSE now() + interval '7 days' END)
     RETURNING id`,
    [file.kind, file.name, file.mime, file.format ?? null, file.resource ?? null, file.createdById, file.batchId ?? null, file.expiresAt !== undefined, file.expiresAt ?? null],
  );
  return rows[0]!.id;
}

export type WrittenFile = { size: number; sha256: string; parts: number };

/**
 * A Writable that cuts its input into parts of exactly PART_SIZE bytes and inserts each into
 * stored_file_parts as it fills, with at most two inserts in flight (so producing the next part
 * overlaps storing the last, and memory stays at a few MiB whatever the file's size).
 */
export class StoredFileWriter extends Writable {
  private buffer = Buffer.allocUnsafe(PART_SIZE);
  private filled = 0;
  private partNo = 0;
  private size = 0;
  private readonly hash = crypto.createHash("sha256");
  private readonly inFlight = new Set<Promise<void>>();
  private failure: Error | null = null;
  private result: WrittenFile | null = null;

  constructor(
    readonly fileId: string,
    private readonly db: pg.Pool = pool(),
    private readonly maxInFlight = 2,
  ) {
    super({ highWaterMark: PART_SIZE });
  }

  /** Size and checksum, once the stream has finished. */
  get written(): WrittenFile {
    if (!this.result) throw new Error("StoredFileWriter has not finished");
    return this.result;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(PART_SIZE - this.filled, chunk.length - offset);
      chunk.copy(this.buffer, this.filled, offset, offset + n);
      this.filled += n;
      offset += n;
      if (this.filled === PART_SIZE) this.flushPart();
    }
    this.whenRoom().then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.filled > 0) this.flushPart();
    Promise.all(this.inFlight)
      .then(() => {
        if (this.failure) throw this.failure;
        this.result = { size: this.size, sha256: this.hash.digest("hex"), parts: this.partNo };
        callback();
      })
      .catch(callback);
  }

  private flushPart(): void {
    const data = this.filled === PART_SIZE ? this.buffer : this.buffer.subarray(0, this.filled);
    const partNo = this.partNo++;
    const insert = this.db
      .query("INSERT INTO stored_file_parts (file_id, part_no, data) VALUES ($1, $2, $3)", [this.fileId, partNo, data])
      .then(
        () => {},
        (err: Error) => {
          this.failure ??= err;
        },
      );
    const tracked = insert.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    // The full buffer now belongs to the insert in flight; the next part starts in a fresh one.
    this.buffer = Buffer.allocUnsafe(PART_SIZE);
    this.filled = 0;
  }

  private async whenRoom(): Promise<void> {
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
  }
}

/** Makes a fully written file visible. Run it in the transaction that records what the file is for. */
export async function markReady(db: Queryable, fileId: string, written: WrittenFile, rowCount: number | null): Promise<void> {
  await db.query(
    `UPDATE stored_files SET state = 'ready', size = $2, sha256 = $3, row_count = $4, ready_at = now() WHERE id = $1 AND state = 'writing'`,
    [fileId, written.size, written.sha256, rowCount],
  );
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
