import type http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { fetchRows, fileServer, mediaFiles, mediaRow, runFetchNow, sleep, type FileServer } from "../../tests/helpers/media";
import { userId } from "../../tests/helpers/seed";
import { callerAs } from "../../tests/helpers/session";
import { pool } from "../db";

let server: FileServer;
let active = 0;
let maxActive = 0;
let aborted = 0;

/**
 * /drip/<ms>: announces 1 MB and sends one byte every <ms> — never idle, never done.
 * /steady: 1 KiB every 50 ms of 1 MiB. /quick/<n>: n bytes after 150 ms.
 */
function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  active++;
  maxActive = Math.max(maxActive, active);
  res.on("close", () => {
    active--;
    if (!res.writableFinished) aborted++;
  });
  const drip = /^\/drip\/(\d+)$/.exec(req.url ?? "");
  if (drip) {
    res.writeHead(200, { "Content-Type": "video/mp4", "Content-Length": 1_000_000 });
    const timer = setInterval(() => res.write("x"), Number(drip[1]));
    res.on("close", () => clearInterval(timer));
    return;
  }
  if (req.url === "/steady") {
    res.writeHead(200, { "Content-Type": "video/mp4", "Content-Length": 1024 * 1024 });
    const timer = setInterval(() => res.write(Buffer.alloc(1024, 7)), 50);
    res.on("close", () => clearInterval(timer));
    return;
  }
  const quick = /^\/quick\/(\d+)$/.exec(req.url ?? "");
  if (quick) {
    setTimeout(() => {
      res.writeHead(200, { "Content-Type": "image/png", "Content-Length": Number(quick[1]) });
      res.end(Buffer.alloc(Number(quick[1]), 1));
    }, 150);
    return;
  }
  res.writeHead(404);
  res.end();
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
afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(async () => {
  delete process.env.MEDIA_FETCH_ALLOW_PRIVATE;
  await server.close();
});

async function startFetch(paths: string[], concurrency?: number) {
  const ids = await mediaFiles(server.base, paths, operatorId);
  const batch = await operator.media.fetch({ target: { kind: "ids", ids }, concurrency });
  return { ids, batch };
}

describe("slow media sources", () => {
  it("a source dripping a byte now and then (never idle) fails for falling below the minimum rate", async () => {
    vi.stubEnv("MEDIA_FETCH_IDLE_TIMEOUT_MS", "500");
    vi.stubEnv("MEDIA_FETCH_MIN_BYTES_PER_SECOND", "100");
    const { ids, batch } = await startFetch(["/drip/40", "/quick/500"]);
    const started = Date.now();
    await runFetchNow(batch.id);
    expect(Date.now() - started).toBeLessThan(5000);
    const rows = await fetchRows(batch.id);
    expect(rows.map((r) => r.state)).toEqual(["failed", "downloaded"]);
    expect(rows[0]!.error?.message).toMatch(/^Only \d+ bytes arrived in 500 ms, less than the 100 bytes\/s a download must keep up, so it was stopped\.$/);
    expect(await mediaRow(ids[0]!)).toMatchObject({ download_state: "failed", stored_file_id: null });
  });

  it("a download that keeps up the rate still ends at the per-download deadline", async () => {
    vi.stubEnv("MEDIA_FETCH_MAX_DOWNLOAD_MS", "700");
    const { batch } = await startFetch(["/steady"]);
    const started = Date.now();
    await runFetchNow(batch.id);
    expect(Date.now() - started).toBeLessThan(5000);
    const [row] = await fetchRows(batch.id);
    expect(row).toMatchObject({ state: "failed", error: { message: "The download took longer than 700 ms, the most one download may take, so it was stopped." } });
    const { rows } = await pool().query("SELECT 1 FROM stored_files WHERE batch_id = $1", [batch.id]);
    expect(rows).toHaveLength(0);
  });

  it("one worker runs at most MEDIA_FETCH_DOWNLOADS_PER_WORKER downloads at once over all its fetches", async () => {
    vi.stubEnv("MEDIA_FETCH_DOWNLOADS_PER_WORKER", "2");
    const a = await startFetch(["/quick/10", "/quick/11", "/quick/12"], 3);
    const b = await startFetch(["/quick/13", "/quick/14", "/quick/15"], 3);
    maxActive = 0;
    await Promise.all([runFetchNow(a.batch.id), runFetchNow(b.batch.id)]);
    expect(maxActive).toBe(2);
    for (const { batch } of [a, b]) expect((await operator.batch.status({ batchId: batch.id })).state).toBe("completed");
  });

  it("slow downloads hold no pool connection, and a cancel is noticed while every pool connection is taken", async () => {
    const { ids, batch } = await startFetch(["/drip/100", "/drip/100", "/drip/100"], 3);
    aborted = 0;
    const running = runFetchNow(batch.id, { progressIntervalMs: 200 });
    for (let i = 0; i < 100 && (await fetchRows(batch.id)).filter((r) => r.state === "downloading" && r.bytes > 0).length < 3; i++) await sleep(50);
    expect((await fetchRows(batch.id)).map((r) => r.state)).toEqual(["downloading", "downloading", "downloading"]);
    // Three downloads in flight hold no connection: the one checked out is the job's lock (one per fetch job).
    const busy = pool().totalCount - pool().idleCount;
    expect(busy).toBe(1);

    const max = pool().options.max;
    const held = await Promise.all(Array.from({ length: max - busy - 1 }, () => pool().connect()));
    let all = held;
    try {
      await operator.batch.cancel({ batchId: batch.id });
      all = [...held, await pool().connect()];
      const cancelledAt = Date.now();
      for (let i = 0; i < 60 && aborted < 3; i++) await sleep(50);
      expect(aborted).toBe(3);
      expect(Date.now() - cancelledAt).toBeLessThan(2000);
    } finally {
      for (const c of all) c.release();
    }
    await running;
    const rows = await fetchRows(batch.id);
    expect(rows.map((r) => r.state)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(rows[0]!.error?.message).toBe("Cancelled while downloading; nothing of it was kept and the file keeps its earlier state.");
    for (const id of ids) expect(await mediaRow(id)).toMatchObject({ download_state: "pending", stored_file_id: null });
  });
});
