import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as fileRoute from "../../app/api/files/[id]/route";
import * as cancelRoute from "../../app/api/media/batch-cancel/[id]/route";
import * as startRoute from "../../app/api/media/batch-download/route";
import * as statusRoute from "../../app/api/media/batch-status/[id]/route";
import { appOrigin, cookieAs, routeHttp, type HttpReply } from "../../tests/helpers/http";
import { fileServer, mediaFiles, runFetchNow, type FileServer } from "../../tests/helpers/media";
import { seedRows, userId } from "../../tests/helpers/seed";
import { expectSeedShape } from "../../tests/helpers/seed-shape";
import { waitFor } from "../../tests/helpers/worker-process";

// Seed 004 (media batch download): the request bodies it prints, replayed on media files served by
// a local file server, and the replies checked against its examples; then bad input, permissions
// and the per-batch limit. Fetches run in this process as the worker's job would.

type Who = "admin" | "operator" | "operator2" | "viewer";
const cookies = {} as Record<Who, string>;
let server: FileServer;
let operatorId = "";
let operator2Id = "";

/** n bytes for /file/<n>; /slow drips a 1 MiB file slowly, so a test can see it mid-download. */
function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = req.url ?? "/";
  const file = /^\/file\/(\d+)$/.exec(url);
  if (file) {
    const body = Buffer.alloc(Number(file[1]), 7);
    res.writeHead(200, { "content-type": "image/jpeg", "content-length": body.length });
    res.end(body);
  } else if (url === "/slow") {
    res.writeHead(200, { "content-type": "video/mp4", "content-length": 1024 * 1024 });
    const timer = setInterval(() => res.write(Buffer.alloc(2048, 1)), 20);
    res.on("close", () => clearInterval(timer));
  } else {
    res.writeHead(404);
    res.end();
  }
}

beforeAll(async () => {
  process.env.MEDIA_FETCH_ALLOW_PRIVATE = "true";
  await seedRows({});
  server = await fileServer(handle);
  for (const who of ["admin", "operator", "operator2", "viewer"] as const) cookies[who] = await cookieAs(who);
  [operatorId, operator2Id] = await Promise.all([userId("operator"), userId("operator2")]);
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function call(route: Record<string, unknown>, path: string, who: Who | null, opts: { body?: unknown; id?: string; method?: string } = {}): Promise<HttpReply> {
  const method = opts.method ?? (opts.body === undefined ? "GET" : "POST");
  const headers = new Headers();
  if (who) headers.set("cookie", cookies[who]);
  if (method !== "GET") headers.set("origin", appOrigin());
  if (opts.body !== undefined) headers.set("content-type", "application/json");
  const req = new Request(`${appOrigin()}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  return routeHttp(route, method, req, opts.id ? { id: opts.id } : {});
}
const start = (who: Who, body: unknown) => call(startRoute, "/api/media/batch-download", who, { body });
const status = (who: Who, id: string) => call(statusRoute, `/api/media/batch-status/${id}`, who, { id });
const cancel = (who: Who, id: string) => call(cancelRoute, `/api/media/batch-cancel/${id}`, who, { id, method: "POST" });
const json = (r: HttpReply) => r.json as Record<string, unknown>;

// The seed's examples, as printed.
const START_EXAMPLE = {
  batch_id: "batch_abc12345",
  status: "started",
  message: "批量下载任务已启动，包含 5 个文件",
  total_files: 5,
  started_downloads: [1, 2, 3, 5],
  already_downloaded: [4],
  failed_to_start: [],
};
const STATUS_EXAMPLE = {
  batch_id: "batch_abc12345",
  total_files: 5,
  completed: 2,
  downloading: 1,
  failed: 0,
  pending: 2,
  overall_status: "in_progress",
  files: [],
};
const COMPLETED_FILE = { message_id: 1, status: "completed", progress: 100, file_path: "./media/photos/1_123_abc.jpg", download_url: "/media/photos/1_123_abc.jpg" };
const DOWNLOADING_FILE = { message_id: 2, status: "downloading", progress: 45, downloaded_size: 450000, total_size: 1000000, download_speed: 50000, estimated_time_remaining: 11 };
const CANCEL_EXAMPLE = { status: "cancelled", message: "批量下载任务已取消，取消了 3 个下载", batch_id: "batch_abc12345", cancelled_downloads: 3, total_files: 5 };

describe("the seed's requests, replayed", () => {
  it("POST /api/media/batch-download sorts the files, GET batch-status follows them to completed with download links", async () => {
    const ids = await mediaFiles(server.base, ["/file/100", "/file/200", "/file/300", "/file/400", "/file/500"], operatorId);
    // The fourth is already downloaded, as in the seed's example.
    const first = await start("operator", { message_ids: [ids[3]], force: false, max_concurrent: 1 });
    await runFetchNow(json(first).batch_id as string);

    const r = await start("operator", { message_ids: ids, force: false, max_concurrent: 3 });
    expect(r.status).toBe(200);
    expectSeedShape(r.json, START_EXAMPLE);
    expect(r.json).toEqual({
      batch_id: expect.any(String),
      status: "started",
      message: "批量下载任务已启动，包含 5 个文件",
      total_files: 5,
      started_downloads: [ids[0], ids[1], ids[2], ids[4]],
      already_downloaded: [ids[3]],
      failed_to_start: [],
    });
    const batchId = json(r).batch_id as string;
    const queued = await status("operator", batchId);
    expectSeedShape(queued.json, STATUS_EXAMPLE);
    expect(queued.json).toMatchObject({ total_files: 5, completed: 0, pending: 5, overall_status: "pending" });

    await runFetchNow(batchId);
    const done = await status("operator", batchId);
    expect(done.json).toMatchObject({ batch_id: batchId, total_files: 5, completed: 5, downloading: 0, failed: 0, pending: 0, overall_status: "completed" });
    const files = json(done).files as Record<string, unknown>[];
    for (const f of files) expectSeedShape(f, COMPLETED_FILE);
    expect(files.map((f) => [f.message_id, f.already_downloaded])).toEqual(ids.map((id) => [id, id === ids[3]]));
    // The link is our stored-file route, and serves the bytes.
    const url = files[1]!.download_url as string;
    expect(url).toMatch(/^\/api\/files\/[0-9a-f-]{36}$/);
    const fileId = url.split("/").pop()!;
    const got = await routeHttp(fileRoute, "GET", new Request(`${appOrigin()}${url}`, { headers: { cookie: cookies.operator } }), { id: fileId });
    expect(got.status).toBe(200);
    expect(got.text.length).toBe(200);
  });

  it("the seed's JavaScript body; a slow file shows bytes, speed and ETA while downloading; batch-cancel cancels what is left", async () => {
    const ids = await mediaFiles(server.base, ["/file/10", "/slow", "/slow", "/slow", "/slow"], operatorId);
    const r = await start("operator", { message_ids: ids, force: false, max_concurrent: 3 });
    expect(r.json).toMatchObject({ total_files: 5, started_downloads: ids, already_downloaded: [], failed_to_start: [] });
    const batchId = json(r).batch_id as string;
    const run = runFetchNow(batchId, { progressIntervalMs: 50 });
    const mid = await waitFor(async () => {
      const s = await status("operator", batchId);
      const f = (json(s).files as Record<string, unknown>[]).find((x) => x.status === "downloading" && Number(x.downloaded_size) > 0 && x.download_speed !== null);
      // Once the small file is done its slot goes to the fourth: three downloading, one waiting.
      return f && json(s).completed === 1 && json(s).downloading === 3 ? { s, f } : null;
    }, 20_000, "a file mid-download");
    expectSeedShape(mid.s.json, STATUS_EXAMPLE);
    expect(mid.s.json).toMatchObject({ overall_status: "in_progress", completed: 1, downloading: 3, pending: 1 });
    expectSeedShape(mid.f, DOWNLOADING_FILE);
    expect(mid.f.total_size).toBe(1024 * 1024);
    expect(Number(mid.f.progress)).toBe(Math.floor((Number(mid.f.downloaded_size) / (1024 * 1024)) * 100));

    const c = await cancel("operator", batchId);
    expect(c.status).toBe(200);
    expectSeedShape(c.json, CANCEL_EXAMPLE);
    expect(c.json).toEqual({ status: "cancelled", message: "批量下载任务已取消，取消了 4 个下载", batch_id: batchId, cancelled_downloads: 4, total_files: 5 });
    await run.catch(() => {});
    const after = await status("operator", batchId);
    expect(after.json).toMatchObject({ overall_status: "cancelled", completed: 1, cancelled: 4 });
    // A finished batch cannot be cancelled again.
    const again = await cancel("operator", batchId);
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ detail: expect.any(String), code: "CONFLICT" });
  });

  it("force downloads an already-downloaded file again", async () => {
    const [id] = await mediaFiles(server.base, ["/file/50"], operatorId);
    await runFetchNow(json(await start("operator", { message_ids: [id] })).batch_id as string);
    const r = await start("operator", { message_ids: [id], force: true, max_concurrent: 1 });
    expect(r.json).toMatchObject({ started_downloads: [id], already_downloaded: [] });
    await runFetchNow(json(r).batch_id as string);
    const s = await status("operator", json(r).batch_id as string);
    expect((json(s).files as Record<string, unknown>[])[0]).toMatchObject({ status: "completed", already_downloaded: false });
  });
});

describe("permissions and partial starts", () => {
  it("someone else's, missing and busy files fail to start one by one; admins fetch anyone's; viewers none", async () => {
    const [mine] = await mediaFiles(server.base, ["/file/20"], operatorId);
    const [theirs] = await mediaFiles(server.base, ["/file/30"], operator2Id);
    const [slow] = await mediaFiles(server.base, ["/slow"], operatorId);
    const busy = await start("operator", { message_ids: [slow] });
    const r = await start("operator", { message_ids: [mine, theirs, 2_000_000_000, slow] });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      total_files: 4,
      started_downloads: [mine],
      failed_to_start: [
        { message_id: theirs, error_code: "PERMISSION_DENIED", error: expect.any(String) },
        { message_id: 2_000_000_000, error_code: "NOT_FOUND", error: expect.any(String) },
        { message_id: slow, error_code: "ALREADY_DOWNLOADING", error: expect.any(String) },
      ],
    });
    await cancel("operator", json(busy).batch_id as string);
    const asAdmin = await start("admin", { message_ids: [theirs] });
    expect(asAdmin.json).toMatchObject({ started_downloads: [theirs], failed_to_start: [] });
    // The batch is the admin's: its owner cannot see it, the admin can.
    expect((await status("operator2", json(asAdmin).batch_id as string)).status).toBe(404);
    expect((await cancel("operator", json(asAdmin).batch_id as string)).status).toBe(404);
    const viewer = await start("viewer", { message_ids: [mine] });
    expect(viewer.status).toBe(403);
    expect(viewer.json).toMatchObject({ detail: expect.any(String), code: "FORBIDDEN", request_id: expect.any(String) });
    const anonymous = await call(startRoute, "/api/media/batch-download", null, { body: { message_ids: [mine] } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toEqual({ detail: "Please sign in.", code: "UNAUTHORIZED", request_id: anonymous.headers.get("x-request-id") });
    // Nothing startable: 400, with each file's reason.
    const none = await start("operator", { message_ids: [theirs] });
    expect(none.status).toBe(400);
    expect(none.json).toMatchObject({ code: "BAD_REQUEST", details: { failed_to_start: [{ message_id: theirs, error_code: "PERMISSION_DENIED" }] } });
  });
});

describe("bad input and the seed's limits", () => {
  it("max_concurrent is 1–5, message_ids are ids, the body is strict: 400 in the seed's shape", async () => {
    const [id] = await mediaFiles(server.base, ["/file/5"], operatorId);
    for (const body of [
      { message_ids: [id], max_concurrent: 6 },
      { message_ids: [id], max_concurrent: 0 },
      { message_ids: [id], max_concurrent: 2.5 },
      { message_ids: [] },
      { message_ids: ["abc"] },
      { message_ids: [id], force: "yes" },
      { message_ids: [id], extra: true },
      {},
    ]) {
      const r = await start("operator", body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json).toMatchObject({ detail: expect.any(String), code: "BAD_REQUEST" });
    }
    expect(json(await start("operator", { message_ids: [id], max_concurrent: 6 })).detail).toMatch(/max_concurrent 为 1–5/);
    // Ids as strings of digits are the same ids.
    const asText = await start("operator", { message_ids: [String(id)] });
    expect(asText.json).toMatchObject({ started_downloads: [id] });
    expect((await status("operator", "batch_abc12345")).status).toBe(404);
    expect((await cancel("operator", "00000000-0000-0000-0000-000000000000")).status).toBe(404);
  });

  it("at most SEED_MEDIA_MAX_FILES (50 by default) files per batch download", async () => {
    const many = Array.from({ length: 51 }, (_, i) => i + 1);
    const r = await start("operator", { message_ids: many });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ detail: expect.stringContaining("单次批量下载最多50个文件"), code: "BAD_REQUEST", details: { max: 50, given: 51 } });
    vi.stubEnv("SEED_MEDIA_MAX_FILES", "2");
    expect((await start("operator", { message_ids: [1, 2, 3] })).json).toMatchObject({ details: { max: 2, given: 3 } });
  });
});
