import crypto from "node:crypto";
import type http from "node:http";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStoredFile } from "../../tests/helpers/exports";
import { fetchRows, fileServer, mediaFiles, mediaRow, runFetchNow, type FileServer } from "../../tests/helpers/media";
import { userId } from "../../tests/helpers/seed";
import { callerAs } from "../../tests/helpers/session";

// Text compresses well; the random tail makes the decoded size differ from any encoded one.
const original = Buffer.concat([Buffer.from("id,title\n" + Array.from({ length: 4000 }, (_, i) => `${i},letter ${i}`).join("\n")), crypto.randomBytes(3000)]);
const gzipped = zlib.gzipSync(original);
const brotli = zlib.brotliCompressSync(original);
/** A real .tar.gz: a gzip file, served as one (no Content-Encoding). */
const archive = zlib.gzipSync(Buffer.from("pretend this is a tar file\n".repeat(500)));

let server: FileServer;
const asked: string[] = [];

function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  asked.push(String(req.headers["accept-encoding"]));
  const send = (body: Buffer, headers: Record<string, string | number>) => {
    res.writeHead(200, { "Content-Length": body.length, ...headers });
    res.end(body);
  };
  switch (req.url) {
    // Like S3 objects stored compressed, or CDNs: encoded whatever the client asked for.
    case "/gzip":
      return send(gzipped, { "Content-Type": "text/csv", "Content-Encoding": "gzip" });
    case "/br":
      return send(brotli, { "Content-Type": "text/csv", "Content-Encoding": "br" });
    case "/negotiated":
      // A server that honours Accept-Encoding sends the bytes as they are when asked for identity.
      return req.headers["accept-encoding"] === "identity" ? send(original, { "Content-Type": "text/csv" }) : send(gzipped, { "Content-Type": "text/csv", "Content-Encoding": "gzip" });
    case "/archive.tar.gz":
      return send(archive, { "Content-Type": "application/gzip" });
    case "/truncated":
      // Complete as far as HTTP goes (the length matches), but the gzip stream stops half-way.
      return send(gzipped.subarray(0, Math.floor(gzipped.length / 2)), { "Content-Type": "text/csv", "Content-Encoding": "gzip" });
    case "/corrupt": {
      const bad = Buffer.from(gzipped);
      bad.writeUInt32LE((bad.readUInt32LE(bad.length - 8) ^ 0xffffffff) >>> 0, bad.length - 8);
      return send(bad, { "Content-Type": "text/csv", "Content-Encoding": "gzip" });
    }
    case "/zstd":
      return send(Buffer.from("whatever"), { "Content-Type": "text/csv", "Content-Encoding": "zstd" });
    case "/bomb":
      return send(zlib.gzipSync(Buffer.alloc(5_000_000)), { "Content-Type": "application/octet-stream", "Content-Encoding": "gzip" });
    default:
      res.writeHead(404);
      res.end();
  }
}

type Caller = Awaited<ReturnType<typeof callerAs>>;
let operator: Caller;
let operatorId: string;

beforeAll(async () => {
  process.env.MEDIA_FETCH_ALLOW_PRIVATE = "true";
  server = await fileServer(handle);
  operator = await callerAs("operator");
  operatorId = await userId("operator");
});
afterAll(async () => {
  delete process.env.MEDIA_FETCH_ALLOW_PRIVATE;
  await server.close();
});

async function fetchAll(paths: string[]) {
  const ids = await mediaFiles(server.base, paths, operatorId);
  const batch = await operator.media.fetch({ target: { kind: "ids", ids } });
  await runFetchNow(batch.id);
  return { ids, batch, rows: await fetchRows(batch.id) };
}

describe("media fetch of compressed responses", () => {
  it("asks for the file as is, and stores what a server encoded anyway (gzip, br) decoded, checked against the bytes sent", async () => {
    asked.length = 0;
    const { ids, rows } = await fetchAll(["/gzip", "/br", "/negotiated"]);
    expect(asked).toEqual(["identity", "identity", "identity"]);
    expect(rows.map((r) => r.state)).toEqual(["downloaded", "downloaded", "downloaded"]);
    for (const id of ids) {
      const media = await mediaRow(id);
      expect(media).toMatchObject({ download_state: "downloaded", size_bytes: original.length, mime_type: "text/csv" });
      expect((await readStoredFile(media.stored_file_id!)).equals(original)).toBe(true);
    }
    expect(rows.map((r) => r.bytes)).toEqual([original.length, original.length, original.length]);
  });

  it("a gzip file served as a file (no Content-Encoding) is stored byte for byte, not unpacked", async () => {
    const { ids, rows } = await fetchAll(["/archive.tar.gz"]);
    expect(rows[0]!.state).toBe("downloaded");
    const media = await mediaRow(ids[0]!);
    expect((await readStoredFile(media.stored_file_id!)).equals(archive)).toBe(true);
    expect(media).toMatchObject({ size_bytes: archive.length, mime_type: "application/gzip" });
  });

  it("a body cut short or failing its checksum, or in an encoding it cannot decode, fails with a message and stores nothing", async () => {
    const { ids, batch, rows } = await fetchAll(["/truncated", "/corrupt", "/zstd"]);
    expect(rows.map((r) => r.state)).toEqual(["failed", "failed", "failed"]);
    expect(rows[0]!.error?.message).toBe("The server's gzip data is damaged or incomplete, so nothing was stored.");
    expect(rows[1]!.error?.message).toBe("The server's gzip data is damaged or incomplete, so nothing was stored.");
    expect(rows[2]!.error?.message).toBe('The server sent the file encoded as "zstd", which cannot be decoded; nothing was stored.');
    for (const id of ids) expect(await mediaRow(id)).toMatchObject({ download_state: "failed", stored_file_id: null });
    const status = await operator.batch.status({ batchId: batch.id });
    expect(status.progress.counts).toMatchObject({ succeeded: 0, failed: 3 });
  });

  it("the size cap counts the decoded bytes, so a small compressed body cannot store a huge file", async () => {
    process.env.MEDIA_FETCH_MAX_FILE_BYTES = "1000000";
    try {
      const { ids, rows } = await fetchAll(["/bomb"]);
      expect(rows[0]).toMatchObject({ state: "failed", error: { message: "The file is larger than the 976.6 KB a download may store." } });
      expect((await mediaRow(ids[0]!)).stored_file_id).toBeNull();
    } finally {
      delete process.env.MEDIA_FETCH_MAX_FILE_BYTES;
    }
  });
});
