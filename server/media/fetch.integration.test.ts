import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as fetchedZip } from "../../app/api/batches/[id]/files/route";
import { readStoredFile } from "../../tests/helpers/exports";
import { userId } from "../../tests/helpers/seed";
import { callerAs, sessionCookie } from "../../tests/helpers/session";
import { unzip } from "../../tests/helpers/unzip";
import { startWorker, waitFor, type WorkerProcess } from "../../tests/helpers/worker-process";
import { pool } from "../db";
import { logger } from "../logger";
import { runMediaFetch } from "./run";

type Caller = Awaited<ReturnType<typeof callerAs>>;
let admin: Caller;
let operator: Caller;
let operatorId: string;
let operator2Id: string;

/** The bytes the server serves for /good/<n>: n bytes of a pattern that depends on n. */
const goodBytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + n) % 256));

// A local file server that counts how many requests it is answering at once.
let server: http.Server;
let base = "";
let active = 0;
let maxActive = 0;
let slowAborted = 0;
const hits = new Map<string, number>();

function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = req.url ?? "/";
  hits.set(url, (hits.get(url) ?? 0) + 1);
  active++;
  maxActive = Math.max(maxActive, active);
  res.on("close", () => active--);
  const good = /^\/good\/(\d+)$/.exec(url);
  if (good) {
    const body = goodBytes(Number(good[1]));
    // Held briefly so downloads overlap and the server sees how many run at once.
    setTimeout(() => {
      res.writeHead(200, { "Content-Type": "image/png", "Content-Length": body.length });
      res.end(body);
    }, 80);
  } else if (url === "/chunked") {
    res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
    res.write("no length ");
    res.end("announced");
  } else if (url === "/missing") {
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("not here");
  } else if (url === "/short") {
    // Announces more bytes than it sends, then closes the connection.
    res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": 1000, Connection: "close" });
    res.end(Buffer.alloc(400, 1));
  } else if (url === "/slow") {
    // Drips 1 KiB every 50 ms of a 1 MiB file: far from done when the test cancels.
    res.writeHead(200, { "Content-Type": "video/mp4", "Content-Length": 1024 * 1024 });
    const timer = setInterval(() => res.write(Buffer.alloc(1024, 2)), 50);
    res.on("close", () => {
      clearInterval(timer);
      if (!res.writableFinished) slowAborted++;
    });
  } else if (url === "/hop") {
    res.writeHead(302, { Location: "/good/333" });
    res.end();
  } else if (url === "/stall") {
    // Half the body, then silence with the connection left open.
    res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": 2000 });
    res.write(Buffer.alloc(1000, 3));
  } else if (url === "/silent") {
    // Accepts the request and never answers.
  } else {
    res.writeHead(500);
    res.end();
  }
}

beforeAll(async () => {
  // The files come from this machine; one test below turns the guard back on.
  process.env.MEDIA_FETCH_ALLOW_PRIVATE = "true";
  server = http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  admin = await callerAs("admin");
  operator = await callerAs("operator");
  [operatorId, operator2Id] = await Promise.all([userId("operator"), userId("operator2")]);
});

let worker: WorkerProcess | undefined;

afterAll(async () => {
  worker?.child.kill("SIGKILL");
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Inserts media files pointing at the local server; returns their ids in order. */
async function mediaFiles(paths: string[], ownerId = operatorId): Promise<number[]> {
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO media_files (name, source_url, owner_id) SELECT 'file-' || p.n, $2 || p.path, $1
     FROM unnest($3::text[]) WITH ORDINALITY AS p(path, n) RETURNING id`,
    [ownerId, base, paths],
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

type MediaRow = { id: number; download_state: string; size_bytes: number | null; mime_type: string | null; stored_file_id: string | null; version: number };
async function mediaRow(id: number): Promise<MediaRow> {
  const { rows } = await pool().query<MediaRow>("SELECT id, download_state, size_bytes, mime_type, stored_file_id, version FROM media_files WHERE id = $1", [id]);
  return rows[0]!;
}

const run = (batchId: string) => runMediaFetch(batchId, logger, { progressIntervalMs: 100 });

async function itemsOf(caller: Caller, batchId: string) {
  return (await caller.media.fetchItems({ batchId })).items;
}

describe("media fetch", () => {
  it("downloads each file into storage and records state, size, type and speed", async () => {
    const ids = await mediaFiles(["/good/3000", "/good/1200000", "/chunked"]);
    const before = await mediaRow(ids[0]!);
    const batch = await operator.media.fetch({ target: { kind: "ids", ids } });
    expect(batch).toMatchObject({ state: "queued", operation: { type: "fetch", concurrency: 3, force: false }, preview: { total: 3 } });
    const job = await pool().query("SELECT 1 FROM pgboss.job WHERE name = 'media.fetch' AND data->>'batchId' = $1", [batch.id]);
    expect(job.rowCount).toBe(1);
    await run(batch.id);

    const status = await operator.batch.status({ batchId: batch.id });
    expect(status.state).toBe("completed");
    expect(status.progress).toMatchObject({ total: 3, processed: 3, counts: { succeeded: 3, failed: 0 } });
    const items = await itemsOf(operator, batch.id);
    expect(items.map((i) => i.state)).toEqual(["downloaded", "downloaded", "downloaded"]);
    expect(items[1]).toMatchObject({ bytes: 1_200_000, totalBytes: 1_200_000, bytesPerSecond: expect.any(Number) });
    expect(items[2]).toMatchObject({ bytes: 19, totalBytes: null });

    const big = await mediaRow(ids[1]!);
    expect(big).toMatchObject({ download_state: "downloaded", size_bytes: 1200000, mime_type: "image/png", stored_file_id: items[1]!.storedFileId });
    expect((await readStoredFile(big.stored_file_id!)).equals(goodBytes(1_200_000))).toBe(true);
    expect((await mediaRow(ids[0]!)).version).toBeGreaterThan(before.version);
    expect((await readStoredFile((await mediaRow(ids[2]!)).stored_file_id!)).toString()).toBe("no length announced");
    const { rows } = await pool().query("SELECT kind, state FROM stored_files WHERE batch_id = $1", [batch.id]);
    expect(rows).toEqual(Array(3).fill({ kind: "media", state: "ready" }));
  });

  it("never runs more downloads at once than the batch's concurrency", async () => {
    for (const concurrency of [2, undefined] as const) {
      const ids = await mediaFiles(Array.from({ length: 9 }, (_, i) => `/good/${100 + i}`));
      const batch = await operator.media.fetch({ target: { kind: "ids", ids }, concurrency });
      maxActive = 0;
      const started = Date.now();
      await run(batch.id);
      expect(maxActive).toBe(concurrency ?? 3);
      // Progress goes to the batch once per interval (100 ms here), not once per file: claim, ticks, finish.
      const { progressSeq } = (await operator.batch.status({ batchId: batch.id })).progress;
      expect(progressSeq).toBeLessThanOrEqual(2 + Math.ceil((Date.now() - started) / 100));
      expect((await operator.batch.status({ batchId: batch.id })).progress.counts.succeeded).toBe(9);
    }
    await expect(operator.media.fetch({ target: { kind: "ids", ids: [1] }, concurrency: 6 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("skips files already downloaded unless forced, and a forced fetch replaces the stored copy", async () => {
    const ids = await mediaFiles(["/good/500", "/good/600"]);
    await run((await operator.media.fetch({ target: { kind: "ids", ids } })).id);
    const first = await mediaRow(ids[0]!);
    hits.clear();

    const again = await operator.media.fetch({ target: { kind: "ids", ids } });
    await run(again.id);
    expect((await itemsOf(operator, again.id)).map((i) => i.state)).toEqual(["skipped", "skipped"]);
    expect((await operator.batch.status({ batchId: again.id })).progress).toMatchObject({ processed: 2, counts: { succeeded: 0, unchanged: 2 } });
    expect(hits.size).toBe(0);
    expect(await mediaRow(ids[0]!)).toEqual(first);

    const forced = await operator.media.fetch({ target: { kind: "ids", ids }, force: true });
    await run(forced.id);
    expect((await itemsOf(operator, forced.id)).map((i) => i.state)).toEqual(["downloaded", "downloaded"]);
    const refetched = await mediaRow(ids[0]!);
    expect(refetched.stored_file_id).not.toBe(first.stored_file_id);
    const { rowCount } = await pool().query("SELECT 1 FROM stored_files WHERE id = $1", [first.stored_file_id]);
    expect(rowCount).toBe(0);
  });

  it("records failures per file (404, wrong size, bad scheme) and finishes the rest", async () => {
    const ids = await mediaFiles(["/good/700", "/missing", "/short"]);
    const ftp = (await pool().query<{ id: number }>("INSERT INTO media_files (name, source_url, owner_id) VALUES ('ftp', 'ftp://127.0.0.1/x', $1) RETURNING id", [operatorId])).rows[0]!.id;
    const batch = await operator.media.fetch({ target: { kind: "ids", ids: [...ids, ftp] } });
    await run(batch.id);

    const status = await operator.batch.status({ batchId: batch.id });
    expect(status.state).toBe("completed_with_errors");
    expect(status.progress).toMatchObject({ processed: 4, counts: { succeeded: 1, failed: 3 } });
    const items = await itemsOf(operator, batch.id);
    expect(items.map((i) => i.state)).toEqual(["downloaded", "failed", "failed", "failed"]);
    expect(items[1]!.error?.message).toBe("The server answered 404 Not Found.");
    expect(items[2]!.error?.message).toMatch(/broke off after \d+ of the 1000 bytes|sent \d+ bytes but announced 1000/);
    expect(items[3]!.error?.message).toBe("Only http and https URLs can be fetched.");
    expect((await mediaRow(ids[1]!)).download_state).toBe("failed");
    expect(await mediaRow(ids[2]!)).toMatchObject({ download_state: "failed", stored_file_id: null, size_bytes: null });
    // Nothing of the failed downloads is stored.
    const { rows } = await pool().query("SELECT state FROM stored_files WHERE batch_id = $1", [batch.id]);
    expect(rows).toEqual([{ state: "ready" }]);
  });

  it("cancel mid-way aborts the downloads in flight and stores nothing half", async () => {
    const ids = await mediaFiles(["/good/800", "/slow", "/slow", "/good/900", "/good/901"]);
    const batch = await operator.media.fetch({ target: { kind: "ids", ids }, concurrency: 2 });
    slowAborted = 0;
    const running = runMediaFetch(batch.id, logger, { progressIntervalMs: 200 });
    // Wait until both slow files are downloading and some bytes are recorded.
    for (let i = 0; i < 100; i++) {
      const items = await itemsOf(operator, batch.id);
      if (items.filter((x) => x.state === "downloading" && x.bytes > 0).length === 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const mid = await itemsOf(operator, batch.id);
    expect(mid.filter((x) => x.state === "downloading" && x.bytes > 0 && x.totalBytes === 1024 * 1024)).toHaveLength(2);
    expect((await mediaRow(ids[1]!)).download_state).toBe("downloading");

    const cancelledAt = Date.now();
    await operator.batch.cancel({ batchId: batch.id });
    await running;
    expect(Date.now() - cancelledAt).toBeLessThan(1500);
    await new Promise((r) => setTimeout(r, 50));
    expect(slowAborted).toBe(2);

    const items = await itemsOf(operator, batch.id);
    expect(items.map((i) => i.state)).toEqual(["downloaded", "cancelled", "cancelled", "cancelled", "cancelled"]);
    expect((await operator.batch.status({ batchId: batch.id })).state).toBe("cancelled");
    expect(await mediaRow(ids[1]!)).toMatchObject({ download_state: "pending", stored_file_id: null });
    const { rows } = await pool().query("SELECT state FROM stored_files WHERE batch_id = $1", [batch.id]);
    expect(rows).toEqual([{ state: "ready" }]);
    const parts = await pool().query("SELECT 1 FROM stored_file_parts p LEFT JOIN stored_files f ON f.id = p.file_id WHERE f.id IS NULL");
    expect(parts.rowCount).toBe(0);
    await expect(operator.batch.pause({ batchId: batch.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(operator.batch.retryFailed({ batchId: batch.id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("fetch") });
  });

  it("a worker shutting down puts unfinished files back to pending for the retried job", async () => {
    const ids = await mediaFiles(["/good/30", "/slow"]);
    const batch = await operator.media.fetch({ target: { kind: "ids", ids }, concurrency: 2 });
    const shutdown = new AbortController();
    const running = runMediaFetch(batch.id, logger, { progressIntervalMs: 100, shutdown: shutdown.signal, retriesLeft: 2 });
    // Shut down once the quick file is stored and the slow one is mid-download (polled: a busy
    // machine can take longer than any fixed pause).
    for (let i = 0; i < 300; i++) {
      const [quick] = await itemsOf(operator, batch.id);
      if (quick!.state === "downloaded" && (await mediaRow(ids[1]!)).download_state === "downloading") break;
      await new Promise((r) => setTimeout(r, 30));
    }
    shutdown.abort();
    await expect(running).rejects.toThrow();
    expect((await itemsOf(operator, batch.id)).map((i) => i.state)).toEqual(["downloaded", "pending"]);
    expect((await mediaRow(ids[1]!)).download_state).toBe("pending");
    expect((await operator.batch.status({ batchId: batch.id })).state).toBe("running");
    const { rows } = await pool().query("SELECT state FROM stored_files WHERE batch_id = $1", [batch.id]);
    expect(rows).toEqual([{ state: "ready" }]);
    await operator.batch.cancel({ batchId: batch.id });
  });

  it("a fetch cancelled while queued downloads nothing", async () => {
    const ids = await mediaFiles(["/good/40", "/good/41"]);
    const batch = await operator.media.fetch({ target: { kind: "ids", ids } });
    await operator.batch.cancel({ batchId: batch.id });
    hits.clear();
    await run(batch.id);
    expect(hits.size).toBe(0);
    expect((await itemsOf(operator, batch.id)).map((i) => i.state)).toEqual(["cancelled", "cancelled"]);
    expect((await mediaRow(ids[0]!)).download_state).toBe("pending");
  });

  it("the worker process runs a fetch through its media.fetch job", async () => {
    const ids = await mediaFiles(["/good/50", "/missing"]);
    const batch = await operator.media.fetch({ target: { kind: "ids", ids } });
    worker = startWorker();
    const done = await waitFor(async () => {
      const status = await operator.batch.status({ batchId: batch.id });
      return status.state === "completed_with_errors" ? status : null;
    }, 15_000, `fetch by the worker\n${worker.output()}`);
    expect(done.progress.counts).toMatchObject({ succeeded: 1, failed: 1 });
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    worker = undefined;
  });

  it("a fetch cannot be paused", async () => {
    const ids = await mediaFiles(["/good/10"]);
    const batch = await operator.media.fetch({ target: { kind: "ids", ids } });
    await expect(operator.batch.pause({ batchId: batch.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("cannot be paused") });
    await run(batch.id);
  });

  it("refuses more files per batch than MEDIA_FETCH_MAX_FILES, with a clear message", async () => {
    const ids = await mediaFiles(["/good/1", "/good/2", "/good/3"]);
    process.env.MEDIA_FETCH_MAX_FILES = "2";
    try {
      await expect(operator.media.fetch({ target: { kind: "ids", ids } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("at most 2 files") });
      await expect(operator.media.fetch({ target: { kind: "ids", ids: ids.slice(0, 2) } })).resolves.toMatchObject({ state: "queued" });
    } finally {
      delete process.env.MEDIA_FETCH_MAX_FILES;
    }
  });

  it("operators fetch only their own files; admins fetch anyone's; viewers none", async () => {
    const theirs = await mediaFiles(["/good/20", "/good/21"], operator2Id);
    const mine = await mediaFiles(["/good/22"]);
    await expect(operator.media.fetch({ target: { kind: "ids", ids: [...mine, ...theirs] } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // A filter selection leaves other people's files out.
    const selection = { scope: "all" as const, filter: { combinator: "and" as const, conditions: [{ field: "id", op: "in" as const, value: [...mine, ...theirs] }] } };
    const own = await operator.media.fetch({ target: { kind: "filter", selection } });
    expect(own.preview.total).toBe(1);
    expect((await itemsOf(operator, own.id)).map((i) => i.mediaFileId)).toEqual(mine);
    await expect(operator.media.fetch({ target: { kind: "filter", selection: { ...selection, filter: { combinator: "and", conditions: [{ field: "id", op: "in", value: theirs }] } } } })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const all = await admin.media.fetch({ target: { kind: "filter", selection } });
    expect(all.preview.total).toBe(3);
    await expect(operator.media.fetchItems({ batchId: all.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const viewer = await callerAs("viewer");
    await expect(viewer.media.fetch({ target: { kind: "ids", ids: mine } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a fetch's files download as one zip (skipped ones too), and only the failed files are fetched again", async () => {
    const ids = await mediaFiles(["/good/1500", "/missing", "/good/1600"]);
    const batch = await operator.media.fetch({ target: { kind: "ids", ids } });
    await expect(operator.media.refetchFailed({ batchId: batch.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await run(batch.id);

    const zipOf = async (batchId: string, who: string) => {
      const cookie = await sessionCookie(`${who}@batchdesk.local`, "batchdesk-operator");
      return fetchedZip(new Request(`http://batchdesk.test/api/batches/${batchId}/files`, { headers: { cookie } }), { params: Promise.resolve({ id: batchId }) });
    };
    const res = await zipOf(batch.id, "operator");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/filename="media-files_\d{4}-\d{2}-\d{2}_[0-9a-f]{8}\.zip"/);
    const entries = unzip(Buffer.from(await res.arrayBuffer()));
    expect([...entries.keys()]).toEqual(["file-1", "file-3"]);
    expect(entries.get("file-1")!.equals(goodBytes(1500))).toBe(true);
    expect(entries.get("file-3")!.equals(goodBytes(1600))).toBe(true);
    // Someone else's fetch is not found; a fetch with nothing downloaded says so.
    expect((await zipOf(batch.id, "operator2")).status).toBe(404);
    expect((await zipOf("not-a-batch-id", "operator")).status).toBe(404);

    // A later fetch that skips the files already there still offers them, one by one and zipped.
    const skipped = await operator.media.fetch({ target: { kind: "ids", ids: [ids[0]!, ids[2]!] } });
    await run(skipped.id);
    const skippedItems = await itemsOf(operator, skipped.id);
    expect(skippedItems.map((i) => i.state)).toEqual(["skipped", "skipped"]);
    expect(skippedItems[0]!.storedFileId).toBe((await mediaRow(ids[0]!)).stored_file_id);
    expect([...unzip(Buffer.from(await (await zipOf(skipped.id, "operator")).arrayBuffer())).keys()]).toEqual(["file-1", "file-3"]);

    const again = await operator.media.refetchFailed({ batchId: batch.id });
    expect(again).toMatchObject({ state: "queued", operation: { type: "fetch", concurrency: 3, force: false }, preview: { total: 1 } });
    expect((await itemsOf(operator, again.id)).map((i) => i.mediaFileId)).toEqual([ids[1]]);
    await run(again.id);
    const none = await zipOf(again.id, "operator");
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/no downloaded files/);
    await expect(operator.media.refetchFailed({ batchId: skipped.id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/No file failed/) });
  });

  it("gives up on a server that stops sending (before or mid-body) after the idle timeout, keeping nothing", async () => {
    process.env.MEDIA_FETCH_IDLE_TIMEOUT_MS = "400";
    try {
      const ids = await mediaFiles(["/stall", "/silent", "/good/300"]);
      const batch = await operator.media.fetch({ target: { kind: "ids", ids } });
      const started = Date.now();
      await run(batch.id);
      expect(Date.now() - started).toBeLessThan(10_000);
      const items = await itemsOf(operator, batch.id);
      expect(items.map((i) => i.state)).toEqual(["failed", "failed", "downloaded"]);
      expect(items[0]!.error?.message).toBe("No data arrived for 400 ms, so the download was stopped.");
      expect(items[1]!.error?.message).toBe("No data arrived for 400 ms, so the download was stopped.");
      expect(await mediaRow(ids[0]!)).toMatchObject({ download_state: "failed", stored_file_id: null });
      const { rows } = await pool().query("SELECT state FROM stored_files WHERE batch_id = $1", [batch.id]);
      expect(rows).toEqual([{ state: "ready" }]);
    } finally {
      delete process.env.MEDIA_FETCH_IDLE_TIMEOUT_MS;
    }
  });

  it("refuses a file over the size limit, announced or not, keeping nothing of it", async () => {
    process.env.MEDIA_FETCH_MAX_FILE_BYTES = "1000";
    try {
      const ids = await mediaFiles(["/good/1500", "/good/900"]);
      const batch = await operator.media.fetch({ target: { kind: "ids", ids } });
      await run(batch.id);
      const items = await itemsOf(operator, batch.id);
      expect(items.map((i) => i.state)).toEqual(["failed", "downloaded"]);
      expect(items[0]!.error?.message).toBe("The file is 1.5 KB, over the 1000 bytes a download may store.");
      expect((await mediaRow(ids[0]!)).stored_file_id).toBeNull();
      // Sent without a length: counted as it streams and stopped once over.
      process.env.MEDIA_FETCH_MAX_FILE_BYTES = "10";
      const streamed = await operator.media.fetch({ target: { kind: "ids", ids: await mediaFiles(["/chunked"]) } });
      await run(streamed.id);
      expect((await itemsOf(operator, streamed.id))[0]).toMatchObject({ state: "failed", error: { message: "The file is larger than the 10 bytes a download may store." } });
    } finally {
      delete process.env.MEDIA_FETCH_MAX_FILE_BYTES;
    }
  });

  it("follows redirects, and by default refuses sources on private networks, named or written as addresses", async () => {
    const [hop] = await mediaFiles(["/hop"]);
    const followed = await operator.media.fetch({ target: { kind: "ids", ids: [hop!] } });
    await run(followed.id);
    expect((await itemsOf(operator, followed.id))[0]).toMatchObject({ state: "downloaded", bytes: 333 });

    delete process.env.MEDIA_FETCH_ALLOW_PRIVATE;
    try {
      const port = new URL(base).port;
      const { rows } = await pool().query<{ id: number }>(
        `INSERT INTO media_files (name, source_url, owner_id) SELECT 'guarded-' || n, u, $1
         FROM unnest($2::text[]) WITH ORDINALITY AS x(u, n) RETURNING id`,
        [operatorId, [`${base}/good/10`, `http://localhost:${port}/good/11`, `http://[::ffff:127.0.0.1]:${port}/good/12`, "http://169.254.169.254/latest/meta-data/"]],
      );
      const batch = await operator.media.fetch({ target: { kind: "ids", ids: rows.map((r) => r.id).sort((a, b) => a - b) } });
      hits.clear();
      await run(batch.id);
      const items = await itemsOf(operator, batch.id);
      expect(items.map((i) => i.state)).toEqual(["failed", "failed", "failed", "failed"]);
      expect(items[0]!.error?.message).toBe("127.0.0.1 is a private or reserved address; set MEDIA_FETCH_ALLOW_PRIVATE=true to fetch from it.");
      expect(items[1]!.error?.message).toBe("localhost resolves to a private or reserved address; set MEDIA_FETCH_ALLOW_PRIVATE=true to fetch from it.");
      expect(items[2]!.error?.message).toMatch(/^::ffff:7f00:1 is a private or reserved address|^::ffff:127\.0\.0\.1 is a private or reserved address/);
      expect(items[3]!.error?.message).toBe("169.254.169.254 is a private or reserved address; set MEDIA_FETCH_ALLOW_PRIVATE=true to fetch from it.");
      // Nothing reached the local server.
      expect(hits.size).toBe(0);
    } finally {
      process.env.MEDIA_FETCH_ALLOW_PRIVATE = "true";
    }
  });
});
