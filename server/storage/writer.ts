import crypto from "node:crypto";
import { Writable } from "node:stream";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
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

// PostgreSQL's binary COPY framing: signature, flags and header-extension length; -1 ends the data.
const COPY_HEADER = Buffer.concat([Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]), Buffer.alloc(8)]);
const COPY_TRAILER = Buffer.from([0xff, 0xff]);

/** The fixed fields of one part row (file_id uuid, part_no int4) and the length prefix of its bytes. */
function partPrefix(fileId: Buffer, partNo: number, length: number): Buffer {
  const b = Buffer.allocUnsafe(2 + 4 + 16 + 4 + 4 + 4);
  b.writeInt16BE(3, 0);
  b.writeInt32BE(16, 2);
  fileId.copy(b, 6);
  b.writeInt32BE(4, 22);
  b.writeInt32BE(partNo, 26);
  b.writeInt32BE(length, 30);
  return b;
}

/**
 * A Writable that cuts its input into parts of exactly PART_SIZE bytes and streams them into
 * stored_file_parts with one binary COPY … FROM STDIN: the bytes go to the socket as they are (no
 * per-part statement or parameter copies, so memory stays at about one part), and the parts become
 * visible all at once when the COPY commits at the end, or never if the writer dies first.
 */
export class StoredFileWriter extends Writable {
  private buffer: Buffer = Buffer.allocUnsafe(PART_SIZE);
  /** The previous part's buffer, back from the socket and ready to be filled again. */
  private spare: Buffer | null = null;
  private filled = 0;
  private partNo = 0;
  private size = 0;
  private readonly hash = crypto.createHash("sha256");
  private readonly fileKey: Buffer;
  private client: pg.PoolClient | null = null;
  private copy: ReturnType<typeof copyFrom> | null = null;
  private result: WrittenFile | null = null;

  constructor(
    readonly fileId: string,
    private readonly db: pg.Pool = pool(),
  ) {
    super({ highWaterMark: PART_SIZE });
    this.fileKey = Buffer.from(fileId.replace(/-/g, ""), "hex");
  }

  /** Size and checksum, once the stream has finished. */
  get written(): WrittenFile {
    if (!this.result) throw new Error("StoredFileWriter has not finished");
    return this.result;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    this.db
      .connect()
      .then((client) => {
        this.client = client;
        this.copy = client.query(copyFrom("COPY stored_file_parts (file_id, part_no, data) FROM STDIN (FORMAT binary)"));
        this.copy.on("error", (err: Error) => this.destroy(err));
        this.copy.write(COPY_HEADER);
        callback();
      }, callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    let offset = 0;
    let ok = true;
    while (offset < chunk.length) {
      const n = Math.min(PART_SIZE - this.filled, chunk.length - offset);
      chunk.copy(this.buffer, this.filled, offset, offset + n);
      this.filled += n;
      offset += n;
      if (this.filled === PART_SIZE) ok = this.sendPart() && ok;
    }
    if (ok) callback();
    else this.copy!.once("drain", () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.filled > 0) this.sendPart();
    const copy = this.copy!;
    copy.once("finish", () => {
      this.result = { size: this.size, sha256: this.hash.digest("hex"), parts: this.partNo };
      this.client?.release();
      this.client = null;
      callback();
    });
    copy.end(COPY_TRAILER);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    // A COPY abandoned half-way leaves the connection unusable: drop it (PostgreSQL discards the rows).
    this.client?.release(err ?? true);
    this.client = null;
    callback(err);
  }

  /** Sends the filled part; false when the socket wants the writer to wait. */
  private sendPart(): boolean {
    const part = this.buffer;
    const data = this.filled === PART_SIZE ? part : part.subarray(0, this.filled);
    this.copy!.write(partPrefix(this.fileKey, this.partNo++, data.length));
    // The sent buffer belongs to the socket until its write completes; then it is filled again. Two
    // buffers taking turns, instead of a fresh 1 MiB one per part, keep hundreds of MB of garbage
    // (ArrayBuffers that only a full GC frees) out of the export's peak memory.
    const ok = this.copy!.write(data, () => (this.spare = part));
    this.buffer = this.spare ?? Buffer.allocUnsafe(PART_SIZE);
    this.spare = null;
    this.filled = 0;
    return ok;
  }
}

/** Makes a fully written file visible. Run it in the transaction that records what the file is for. */
export async function markReady(db: Queryable, fileId: string, written: WrittenFile, rowCount: number | null): Promise<void> {
  const done = await db.query(
    `UPDATE stored_files SET state = 'ready', size = $2, sha256 = $3, row_count = $4, ready_at = now() WHERE id = $1 AND state = 'writing'`,
    [fileId, written.size, written.sha256, rowCount],
  );
  // Rolls back the caller's transaction, so nothing is recorded as done without its file.
  if (done.rowCount !== 1) throw new Error(`stored file ${fileId} disappeared while it was written`);
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
