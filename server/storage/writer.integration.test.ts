import crypto from "node:crypto";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { readStoredFile } from "../../tests/helpers/exports";
import { userId } from "../../tests/helpers/seed";
import { pool } from "../db";
import { ensureDemoUsers } from "../seed/seed";
import { PART_SIZE } from "./constants";
import { downloadableFiles } from "./files";
import { createFileRow, deleteFile, markReady, StoredFileWriter } from "./writer";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Pool clients checked out right now (in use by someone). */
const busyClients = () => pool().totalCount - pool().idleCount;

async function newFile() {
  const createdById = await userId("operator");
  return { fileId: await createFileRow({ kind: "media", name: "slow.bin", mime: "application/octet-stream", createdById, expiresAt: null }), createdById };
}

beforeAll(async () => {
  await ensureDemoUsers();
});

describe("StoredFileWriter", () => {
  it("holds no database connection while its source is slow, and the file stays invisible until marked ready", async () => {
    const { fileId, createdById } = await newFile();
    const data = crypto.randomBytes(PART_SIZE + PART_SIZE / 2);
    const source = new PassThrough();
    const writer = new StoredFileWriter(fileId);
    const done = pipeline(source, writer);

    // A full part and a half: the full one is written at once, the half waits for more bytes.
    source.write(data.subarray(0, PART_SIZE + 1000));
    for (let i = 0; i < 100; i++) {
      const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM stored_file_parts WHERE file_id = $1", [fileId]);
      if (rows[0]!.n === 1) break;
      await sleep(20);
    }
    await sleep(200);
    // Waiting for the source, the writer has every connection back in the pool…
    expect(busyClients()).toBe(0);
    const { rows: open } = await pool().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
    );
    expect(open[0]!.n).toBe(0);
    // …and what it wrote so far cannot be downloaded.
    await expect(downloadableFiles({ id: createdById, role: "operator" }, [fileId])).rejects.toMatchObject({ code: "NOT_FOUND" });

    source.end(data.subarray(PART_SIZE + 1000));
    await done;
    expect(writer.written).toEqual({ size: data.length, sha256: crypto.createHash("sha256").update(data).digest("hex"), parts: 2 });
    await markReady(pool(), fileId, writer.written, null);
    expect((await readStoredFile(fileId)).equals(data)).toBe(true);
    const [file] = await downloadableFiles({ id: createdById, role: "operator" }, [fileId]);
    expect(file).toMatchObject({ state: "ready", size: data.length });
  });

  it("a file whose parts in the database do not add up to what was written is never marked ready", async () => {
    const { fileId } = await newFile();
    const writer = new StoredFileWriter(fileId);
    await pipeline(async function* () {
      yield crypto.randomBytes(2 * PART_SIZE + 10);
    }, writer);
    expect(writer.written.parts).toBe(3);
    await pool().query("DELETE FROM stored_file_parts WHERE file_id = $1 AND part_no = 1", [fileId]);
    await expect(markReady(pool(), fileId, writer.written, null)).rejects.toThrow(/has 2 parts and \d+ bytes in the database, but 3 parts/);
    const { rows } = await pool().query("SELECT state FROM stored_files WHERE id = $1", [fileId]);
    expect(rows).toEqual([{ state: "writing" }]);
  });

  it("a writer stopped half-way leaves only an invisible file, and deleting it removes every part", async () => {
    const { fileId } = await newFile();
    const writer = new StoredFileWriter(fileId);
    const failing = pipeline(async function* () {
      yield crypto.randomBytes(PART_SIZE * 2 + 5);
      throw new Error("source broke off");
    }, writer);
    await expect(failing).rejects.toThrow("source broke off");
    const { rows: state } = await pool().query("SELECT state FROM stored_files WHERE id = $1", [fileId]);
    expect(state).toEqual([{ state: "writing" }]);
    // Deleted at once, as the runners do: a part insert still in flight cannot outlive its file.
    await deleteFile(fileId);
    await sleep(200);
    const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM stored_file_parts WHERE file_id = $1", [fileId]);
    expect(rows[0]!.n).toBe(0);
  });

  it("an empty source makes an empty file of no parts", async () => {
    const { fileId } = await newFile();
    const writer = new StoredFileWriter(fileId);
    await pipeline(async function* () {}, writer);
    expect(writer.written).toEqual({ size: 0, sha256: crypto.createHash("sha256").digest("hex"), parts: 0 });
    await markReady(pool(), fileId, writer.written, null);
    expect((await readStoredFile(fileId)).length).toBe(0);
  });
});
