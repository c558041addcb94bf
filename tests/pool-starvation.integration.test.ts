// Security findings 2 and 3: slow media sources and slow readers of downloads must not take the
// database connections (or leave transactions open) that the rest of the console needs.
import crypto from "node:crypto";
import type http from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as resultsGet } from "../app/api/batches/[id]/results/route";
import { GET as downloadFile } from "../app/api/files/[id]/route";
import { GET as zipGet } from "../app/api/files/zip/route";
import { GET as health } from "../app/api/health/route";
import { pool } from "../server/db";
import { userDownloadsInUse } from "../server/storage/http/user-downloads";
import { createFileRow, markReady, StoredFileWriter } from "../server/storage/writer";
import { runOperation } from "./helpers/batch";
import { csvRecords } from "./helpers/csv";
import { fetchRows, fileServer, mediaFiles, runFetchNow, sleep, type FileServer } from "./helpers/media";
import { runToEnd } from "./helpers/run-batch";
import { seedRows, userId } from "./helpers/seed";
import { callerAs, sessionCookie } from "./helpers/session";

const BASE = "http://batchdesk.test";
let server: FileServer;
let cookie: string;
let operatorId: string;
type Caller = Awaited<ReturnType<typeof callerAs>>;
let operator: Caller;

/** /drip: announces 1 MB, sends a byte every 100 ms. */
function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  res.writeHead(200, { "Content-Type": "video/mp4", "Content-Length": 1_000_000 });
  const timer = setInterval(() => res.write("x"), 100);
  res.on("close", () => clearInterval(timer));
}

beforeAll(async () => {
  process.env.MEDIA_FETCH_ALLOW_PRIVATE = "true";
  await seedRows({ letters: 2600 });
  server = await fileServer(handle);
  cookie = await sessionCookie("operator@batchdesk.local", "batchdesk-operator");
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

const request = (path: string) => new Request(`${BASE}${path}`, { headers: { cookie } });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

/** A ready 3 MiB file of the operator's, written through the real writer. */
async function storedFile(): Promise<string> {
  const fileId = await createFileRow({ kind: "export", name: "big.bin", mime: "application/octet-stream", createdById: operatorId });
  const writer = new StoredFileWriter(fileId);
  await pipeline(Readable.from([crypto.randomBytes(3 * 1024 * 1024)]), writer);
  await markReady(pool(), fileId, writer.written, null);
  return fileId;
}

/** A reader that takes the first piece of a response and then stops reading, as a stalled client does. */
async function slowReader(res: Response) {
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const first = await reader.read();
  expect(first.done).toBe(false);
  return { cancel: () => reader.cancel() };
}

async function timed<T>(what: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await what;
  return { value, ms: Date.now() - started };
}

/** Sessions of this test's database left idle inside a transaction, and connections this process has checked out. */
async function heldConnections() {
  const { rows } = await pool().query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
  );
  return { idleInTransaction: rows[0]!.n, checkedOut: pool().totalCount - pool().idleCount };
}

/**
 * What the stalled transfers hold once their in-flight reads are done: a reader may still be
 * fetching its next page or part on a loaded machine, a short query, so this samples for a few
 * seconds and returns the quietest moment. Anything holding a connection for the whole transfer
 * (the old cursor) shows in every sample.
 */
async function settledHeld() {
  let best = await heldConnections();
  for (let i = 0; i < 50 && best.checkedOut + best.idleInTransaction > 1; i++) {
    await sleep(100);
    const now = await heldConnections();
    if (now.checkedOut + now.idleInTransaction < best.checkedOut + best.idleInTransaction) best = now;
  }
  return best;
}

describe("the console keeps answering while sources and readers are slow", () => {
  it("dripping media sources and stalled readers of results CSVs and files hold no connection and no open transaction", async () => {
    // A finished batch over 2,600 rows: its results CSV is more than one page (2,000 rows).
    const { preview } = await runOperation(operator, {
      resource: "letters",
      target: { kind: "filter", selection: { scope: "all" }, excludeIds: [] },
      operation: { type: "update", changes: [{ op: "set", field: "senderName", value: "Slow readers" }] },
    });
    const fileId = await storedFile();

    // Three downloads from a source that drips a byte every 100 ms (above no limit in this test).
    const ids = await mediaFiles(server.base, ["/drip", "/drip", "/drip"], operatorId);
    const fetch = await operator.media.fetch({ target: { kind: "ids", ids }, concurrency: 3 });
    const fetching = runFetchNow(fetch.id, { progressIntervalMs: 200 });
    for (let i = 0; i < 100 && (await fetchRows(fetch.id)).filter((r) => r.state === "downloading" && r.bytes > 0).length < 3; i++) await sleep(50);
    expect((await fetchRows(fetch.id)).map((r) => r.state)).toEqual(["downloading", "downloading", "downloading"]);

    // Three stalled readers: two of the results CSV, one of a 3 MiB file; one more reader, of a zip, from the admin.
    const readers = [
      await slowReader(await resultsGet(request(`/api/batches/${preview.id}/results`), params(preview.id))),
      await slowReader(await resultsGet(request(`/api/batches/${preview.id}/results?filter=failed`), params(preview.id))),
      await slowReader(await downloadFile(request(`/api/files/${fileId}`), params(fileId))),
    ];
    const adminCookie = await sessionCookie("admin@batchdesk.local", "batchdesk-admin");
    readers.push(await slowReader(await zipGet(new Request(`${BASE}/api/files/zip?ids=${fileId}`, { headers: { cookie: adminCookie } }))));
    expect(await userDownloadsInUse(operatorId)).toBe(3);

    // "Promptly": a starved pool would make these wait DB_CONNECT_TIMEOUT_MS (15 s) and fail; the
    // bounds leave room for a loaded test machine.
    try {
      await sleep(500);
      // Six slow transfers, and the only connection checked out is the fetch job's lock; nothing sits in a transaction.
      expect(await settledHeld()).toEqual({ idleInTransaction: 0, checkedOut: 1 });

      const query = await timed(operator.resources.query({ resource: "letters", pageSize: 50 }));
      expect(query.value.rows).toHaveLength(50);
      expect(query.ms).toBeLessThan(5000);
      const up = await timed(health());
      expect(up.value.status).toBe(200);
      expect(up.ms).toBeLessThan(5000);
      const batch = await timed(
        (async () => {
          const p = await operator.batch.validate({
            resource: "letters",
            target: { kind: "ids", ids: [1, 2, 3] },
            operation: { type: "update", changes: [{ op: "set", field: "senderName", value: "Still answering" }] },
          });
          await operator.batch.execute({ batchId: p.id });
          await runToEnd(p.id);
          return operator.batch.status({ batchId: p.id });
        })(),
      );
      expect(batch.value.state).toBe("completed");
      expect(batch.ms).toBeLessThan(10_000);
      expect(await settledHeld()).toEqual({ idleInTransaction: 0, checkedOut: 1 });
    } finally {
      for (const r of readers) await r.cancel();
      await operator.batch.cancel({ batchId: fetch.id });
      await fetching;
    }
    // Dropped readers give their download slots back.
    expect(await userDownloadsInUse(operatorId)).toBe(0);
    expect((await fetchRows(fetch.id)).map((r) => r.state)).toEqual(["cancelled", "cancelled", "cancelled"]);
  });

  it("a user gets at most DOWNLOADS_PER_USER downloads at once; more answer 429 until one ends", async () => {
    vi.stubEnv("DOWNLOADS_PER_USER", "2");
    const fileId = await storedFile();
    const first = await slowReader(await downloadFile(request(`/api/files/${fileId}`), params(fileId)));
    const second = await slowReader(await zipGet(request(`/api/files/zip?ids=${fileId}`)));
    const refused = await downloadFile(request(`/api/files/${fileId}`), params(fileId));
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      error: { code: "TOO_MANY_REQUESTS", message: "You already have 2 downloads running; wait for one to finish, then try again." },
    });
    // A refused or failed download holds no slot; a finished one gives it back.
    expect((await downloadFile(request("/api/files/nope"), params("nope"))).status).toBe(429);
    await first.cancel();
    const third = await downloadFile(request(`/api/files/${fileId}`), params(fileId));
    expect(third.status).toBe(200);
    expect((await third.arrayBuffer()).byteLength).toBe(3 * 1024 * 1024);
    expect(await userDownloadsInUse(operatorId)).toBe(1);
    expect((await downloadFile(request("/api/files/nope"), params("nope"))).status).toBe(404);
    expect(await userDownloadsInUse(operatorId)).toBe(1);
    await second.cancel();
    expect(await userDownloadsInUse(operatorId)).toBe(0);
  });

  it("a results CSV read page by page has every item once, in order, across page boundaries", async () => {
    const { preview } = await runOperation(operator, {
      resource: "letters",
      target: { kind: "filter", selection: { scope: "all" }, excludeIds: [] },
      operation: { type: "update", changes: [{ op: "set", field: "senderName", value: "Paged" }] },
    });
    const res = await resultsGet(request(`/api/batches/${preview.id}/results`), params(preview.id));
    const records = csvRecords(Buffer.from(await res.arrayBuffer()).toString("utf8"));
    expect(records.map((r) => Number(r.seq))).toEqual(Array.from({ length: 2600 }, (_, i) => i + 1));
    const { rows: items } = await pool().query<{ row_id: number; outcome: string }>("SELECT row_id, outcome FROM batch_items WHERE batch_id = $1 ORDER BY seq", [preview.id]);
    expect(records.map((r) => [Number(r.row_id), r.outcome])).toEqual(items.map((i) => [i.row_id, i.outcome]));
  });
});
