import crypto from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as downloadFile, HEAD as headFile } from "../../app/api/files/[id]/route";
import { GET as zipGet, POST as zipPost } from "../../app/api/files/zip/route";
import { appOrigin } from "../../tests/helpers/http";
import { GET as resultsGet } from "../../app/api/batches/[id]/results/route";
import { csvRecords, parseCsv } from "../../tests/helpers/csv";
import { exportFileOf, readXlsx, runExportNow } from "../../tests/helpers/exports";
import { runToEnd } from "../../tests/helpers/run-batch";
import { seedRows, userId } from "../../tests/helpers/seed";
import { callerAs, sessionCookie } from "../../tests/helpers/session";
import { unzip } from "../../tests/helpers/unzip";
import { startWorker, waitFor, type WorkerProcess } from "../../tests/helpers/worker-process";
import { pool } from "../db";
import { cleanupFiles } from "./cleanup";
import { PART_SIZE } from "./constants";
import { createFileRow, markReady, StoredFileWriter } from "./writer";

const BASE = "http://batchdesk.test";
const cookies: Record<string, string> = {};
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  await seedRows({ letters: 300 });
  for (const [who, password] of [["admin", "batchdesk-admin"], ["operator", "batchdesk-operator"], ["operator2", "batchdesk-operator"], ["viewer", "batchdesk-viewer"]] as const) {
    cookies[who] = await sessionCookie(`${who}@batchdesk.local`, password);
  }
});
afterAll(() => {
  worker?.child.kill("SIGKILL");
});

const get = (path: string, who?: string, headers: Record<string, string> = {}, method = "GET") =>
  new Request(`${BASE}${path}`, { method, headers: { ...(who ? { cookie: cookies[who]! } : {}), ...headers } });
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const body = async (res: Response) => Buffer.from(await res.arrayBuffer());

/** A ready file of `size` random bytes owned by `owner`, written through the real writer (so it spans parts). */
async function storedFile(owner: string, size: number, name = "blob.bin", extra: Partial<{ format: string }> = {}) {
  const fileId = await createFileRow({ kind: "export", name, mime: "application/octet-stream", createdById: await userId(owner), ...extra });
  const data = crypto.randomBytes(size);
  const writer = new StoredFileWriter(fileId);
  await pipeline(Readable.from([data.subarray(0, size / 3), data.subarray(size / 3)]), writer);
  await markReady(pool(), fileId, writer.written, null);
  return { fileId, data, sha256: writer.written.sha256 };
}

async function exportFile(who: "operator" | "admin", format: "csv" | "xlsx" | "json" = "csv") {
  const caller = await callerAs(who);
  const batch = await caller.exports.create({ resource: "letters", target: { kind: "filter", selection: { scope: "all" } }, format, fields: ["id", "title", "status"] });
  await runExportNow(batch.id);
  return { batch, file: (await exportFileOf(batch.id))! };
}

describe("GET /api/files/[id]", () => {
  it("streams a file with its name, length, type and checksum ETag to its owner and to admins", async () => {
    const { file } = await exportFile("operator");
    for (const who of ["operator", "admin"]) {
      const res = await downloadFile(get(`/api/files/${file.id}`, who), params(file.id));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-length")).toBe(String(file.size));
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${file.name}"; filename*=UTF-8''${file.name}`);
      expect(res.headers.get("etag")).toBe(`"${file.sha256}"`);
      expect(res.headers.get("accept-ranges")).toBe("bytes");
      const records = csvRecords((await body(res)).toString("utf8"));
      expect(records).toHaveLength(file.row_count);
    }
  });

  it("answers 404 to other users, 401 without a session, and 404 for unknown or malformed ids", async () => {
    const { file } = await exportFile("operator");
    expect((await downloadFile(get(`/api/files/${file.id}`, "operator2"), params(file.id))).status).toBe(404);
    expect((await downloadFile(get(`/api/files/${file.id}`, "viewer"), params(file.id))).status).toBe(404);
    const anonymous = await downloadFile(get(`/api/files/${file.id}`), params(file.id));
    expect(anonymous.status).toBe(401);
    // The error body carries the request id the response header names, for support and logs.
    expect(await anonymous.json()).toEqual({ error: { code: "UNAUTHORIZED", message: "Please sign in.", requestId: anonymous.headers.get("x-request-id") } });
    expect(anonymous.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect((await downloadFile(get(`/api/files/${crypto.randomUUID()}`, "admin"), params(crypto.randomUUID()))).status).toBe(404);
    expect((await downloadFile(get("/api/files/nope", "admin"), params("nope"))).status).toBe(404);
  });

  it("serves byte ranges across part boundaries, so a download can resume several times", async () => {
    const size = 2 * PART_SIZE + 12_345;
    const { fileId, data, sha256 } = await storedFile("operator", size);
    const cuts = [0, 700_000, PART_SIZE - 1, PART_SIZE + 10, 2 * PART_SIZE + 5, size];
    const pieces: Buffer[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const res = await downloadFile(get(`/api/files/${fileId}`, "operator", { range: `bytes=${cuts[i]}-${cuts[i + 1]! - 1}`, "if-range": `"${sha256}"` }), params(fileId));
      expect(res.status).toBe(206);
      expect(res.headers.get("content-range")).toBe(`bytes ${cuts[i]}-${cuts[i + 1]! - 1}/${size}`);
      expect(res.headers.get("content-length")).toBe(String(cuts[i + 1]! - cuts[i]!));
      pieces.push(await body(res));
    }
    expect(Buffer.concat(pieces).equals(data)).toBe(true);
    const open = await downloadFile(get(`/api/files/${fileId}`, "operator", { range: `bytes=${size - 100}-` }), params(fileId));
    expect((await body(open)).equals(data.subarray(size - 100))).toBe(true);
    const suffix = await downloadFile(get(`/api/files/${fileId}`, "operator", { range: "bytes=-10" }), params(fileId));
    expect(suffix.headers.get("content-range")).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    expect((await body(suffix)).equals(data.subarray(size - 10))).toBe(true);
  });

  it("answers 416 past the end, the whole file for an invalid range or when If-Range names another version, 304 for a matching If-None-Match (weak too), and HEAD without a body", async () => {
    const { fileId, data, sha256 } = await storedFile("operator", 5000);
    const beyond = await downloadFile(get(`/api/files/${fileId}`, "operator", { range: "bytes=6000-" }), params(fileId));
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe("bytes */5000");
    const stale = await downloadFile(get(`/api/files/${fileId}`, "operator", { range: "bytes=10-", "if-range": '"old"' }), params(fileId));
    expect(stale.status).toBe(200);
    expect((await body(stale)).equals(data)).toBe(true);
    const cached = await downloadFile(get(`/api/files/${fileId}`, "operator", { "if-none-match": `"${sha256}"` }), params(fileId));
    expect(cached.status).toBe(304);
    // A weak copy of the tag (a proxy re-encoded the body) still matches: If-None-Match compares weakly.
    const weak = await downloadFile(get(`/api/files/${fileId}`, "operator", { "if-none-match": `W/"${sha256}"` }), params(fileId));
    expect(weak.status).toBe(304);
    // An invalid range is ignored: the whole file, not a 416.
    const backwards = await downloadFile(get(`/api/files/${fileId}`, "operator", { range: "bytes=5-2" }), params(fileId));
    expect(backwards.status).toBe(200);
    expect((await body(backwards)).equals(data)).toBe(true);
    const head = await headFile(get(`/api/files/${fileId}`, "operator", {}, "HEAD"), params(fileId));
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("5000");
    expect((await body(head)).length).toBe(0);
  });
});

describe("expiry and cleanup", () => {
  it("an expired file answers 410 with a clear message, before and after the cleanup job deleted its bytes", async () => {
    const { file } = await exportFile("operator");
    await pool().query("UPDATE stored_files SET expires_at = now() - interval '1 minute' WHERE id = $1", [file.id]);
    const before = await downloadFile(get(`/api/files/${file.id}`, "operator"), params(file.id));
    expect(before.status).toBe(410);
    expect(((await before.json()) as { error: { message: string } }).error.message).toMatch(/expired on \d{4}-\d{2}-\d{2} and was deleted\. Run the export again/);
    const counts = await cleanupFiles();
    expect(counts.expired).toBeGreaterThanOrEqual(1);
    const { rows } = await pool().query("SELECT f.state, (SELECT count(*)::int FROM stored_file_parts p WHERE p.file_id = f.id) AS parts FROM stored_files f WHERE id = $1", [file.id]);
    expect(rows[0]).toEqual({ state: "expired", parts: 0 });
    expect((await downloadFile(get(`/api/files/${file.id}`, "operator"), params(file.id))).status).toBe(410);
    const operator = await callerAs("operator");
    expect((await operator.exports.list({ pageSize: 100 })).exports.find((e) => e.fileId === file.id)?.status).toBe("expired");
  });

  it("keeps files before their expiry, removes abandoned half-written files and old tombstones", async () => {
    const fresh = await storedFile("operator", 100);
    const half = await createFileRow({ kind: "export", name: "half.csv", mime: "text/csv", createdById: await userId("operator") });
    await pool().query("UPDATE stored_files SET created_at = now() - interval '2 hours' WHERE id = $1", [half]);
    const old = await storedFile("operator", 100);
    await pool().query("UPDATE stored_files SET state = 'expired', expires_at = now() - interval '40 days' WHERE id = $1", [old.fileId]);
    const counts = await cleanupFiles();
    expect(counts.abandoned).toBeGreaterThanOrEqual(1);
    expect(counts.purged).toBeGreaterThanOrEqual(1);
    const { rows } = await pool().query<{ id: string }>("SELECT id FROM stored_files WHERE id = ANY($1::uuid[])", [[fresh.fileId, half, old.fileId]]);
    expect(rows.map((r) => r.id)).toEqual([fresh.fileId]);
  });

  it("the worker schedules the cleanup job and runs exports queued through the API", async () => {
    worker = startWorker();
    const schedule = await waitFor(async () => (await pool().query("SELECT name, cron FROM pgboss.schedule WHERE name = 'storage.cleanup'")).rows[0], 30_000, "cleanup schedule");
    expect(schedule).toEqual({ name: "storage.cleanup", cron: "*/15 * * * *" });
    const operator = await callerAs("operator");
    const batch = await operator.exports.create({ resource: "letters", target: { kind: "filter", selection: { scope: "all" } }, format: "jsonl" });
    const done = await waitFor(async () => {
      const s = await operator.batch.status({ batchId: batch.id });
      return s.state === "completed" ? s : null;
    }, 30_000, "export completed by the worker");
    expect(done.progress.processed).toBe(300);
    expect((await operator.exports.ofBatch({ batchId: batch.id })).status).toBe("ready");
    worker.child.kill("SIGTERM");
    await worker.exited;
    worker = undefined;
  });
});

describe("zip of several files", () => {
  it("streams the chosen files as one zip with unique names, by GET or POST", async () => {
    const a = await exportFile("operator", "csv");
    const b = await exportFile("operator", "xlsx");
    const c = await storedFile("operator", PART_SIZE + 99, a.file.name);
    const res = await zipGet(get(`/api/files/zip?ids=${a.file.id},${b.file.id}&ids=${c.fileId}`, "operator"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="batchdesk-exports_\d{4}-\d{2}-\d{2}\.zip"/);
    const entries = unzip(await body(res));
    expect([...entries.keys()]).toEqual([a.file.name, b.file.name, a.file.name.replace(/\.csv$/, " (2).csv")]);
    expect(parseCsv(entries.get(a.file.name)!.toString("utf8"))).toHaveLength(301);
    expect((await readXlsx(entries.get(b.file.name)!))).toHaveLength(301);
    expect(entries.get(a.file.name.replace(/\.csv$/, " (2).csv"))!.equals(c.data)).toBe(true);

    const posted = await zipPost(new Request(`${BASE}/api/files/zip`, { method: "POST", headers: { cookie: cookies.operator!, "content-type": "application/json", origin: appOrigin() }, body: JSON.stringify({ ids: [a.file.id] }) }));
    expect([...unzip(await body(posted)).keys()]).toEqual([a.file.name]);
  });

  it("refuses the whole zip when one file is someone else's, expired, or none is given", async () => {
    const mine = await exportFile("operator");
    const theirs = await exportFile("admin");
    expect((await zipGet(get(`/api/files/zip?ids=${mine.file.id},${theirs.file.id}`, "operator"))).status).toBe(404);
    await pool().query("UPDATE stored_files SET expires_at = now() - interval '1 second' WHERE id = $1", [mine.file.id]);
    expect((await zipGet(get(`/api/files/zip?ids=${mine.file.id}`, "operator"))).status).toBe(410);
    expect((await zipGet(get("/api/files/zip", "operator"))).status).toBe(400);
  });
});

describe("GET /api/batches/[id]/results", () => {
  it("streams every item's outcome, result, error and before/after as CSV, filtered by failed or conflicts", async () => {
    const operator = await callerAs("operator");
    const { rows } = await pool().query<{ id: number }>("SELECT id FROM letters WHERE owner_id = $1 ORDER BY id LIMIT 6", [await userId("operator")]);
    const ids = rows.map((r) => r.id);
    const preview = await operator.batch.validate({ resource: "letters", target: { kind: "ids", ids: [...ids, 999_999] }, operation: { type: "update", changes: [{ op: "set", field: "title", value: "Renamed" }] } });
    // Someone edits one row after the preview: it becomes a conflict.
    await pool().query("UPDATE letters SET title = 'Edited meanwhile', version = version + 1 WHERE id = $1", [ids[0]]);
    await operator.batch.execute({ batchId: preview.id });
    await runToEnd(preview.id);

    const all = csvRecords((await body(await resultsGet(get(`/api/batches/${preview.id}/results`, "operator"), params(preview.id)))).toString("utf8"));
    expect(all).toHaveLength(7);
    expect(Object.keys(all[0]!)).toEqual(["seq", "row_id", "item_index", "action", "outcome", "result", "error_code", "message", "before", "after"]);
    expect(all[1]).toMatchObject({ seq: "2", row_id: String(ids[1]), action: "update", outcome: "will_change", result: "succeeded", error_code: "" });
    expect(JSON.parse(all[1]!.after!)).toEqual({ title: "Renamed" });
    expect(all[6]).toMatchObject({ row_id: "999999", outcome: "invalid", result: "invalid", error_code: "NOT_FOUND" });

    const conflicts = csvRecords((await body(await resultsGet(get(`/api/batches/${preview.id}/results?filter=conflicts`, "operator"), params(preview.id)))).toString("utf8"));
    expect(conflicts.map((r) => [r.row_id, r.result, r.error_code])).toEqual([[String(ids[0]), "conflict", "CONFLICT"]]);
    const failed = csvRecords((await body(await resultsGet(get(`/api/batches/${preview.id}/results?filter=failed`, "operator"), params(preview.id)))).toString("utf8"));
    expect(failed.map((r) => r.row_id)).toEqual(["999999"]);

    const res = await resultsGet(get(`/api/batches/${preview.id}/results`, "operator"), params(preview.id));
    expect(res.headers.get("content-disposition")).toMatch(/filename="letters_batch-[0-9a-f]{8}_all-results_\d{4}-\d{2}-\d{2}\.csv"/);
    expect((await resultsGet(get(`/api/batches/${preview.id}/results`, "operator2"), params(preview.id))).status).toBe(404);
    expect((await resultsGet(get(`/api/batches/${preview.id}/results`, "admin"), params(preview.id))).status).toBe(200);
    expect((await resultsGet(get(`/api/batches/${preview.id}/results?filter=bogus`, "operator"), params(preview.id))).status).toBe(400);
  });
});
