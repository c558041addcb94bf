import type http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchRows, fileServer, mediaFiles, mediaRow, runFetchNow, type FileServer } from "../../tests/helpers/media";
import { userId } from "../../tests/helpers/seed";
import { callerAs } from "../../tests/helpers/session";
import { startWorker, waitFor, type WorkerProcess } from "../../tests/helpers/worker-process";
import { sweepOrphanedBatches } from "../batches/sweep";
import { pool } from "../db";
import { mediaFetchJob } from "../jobs/definitions";

let server: FileServer;

/** /drip: one byte every 50 ms of an announced megabyte; /quick/<n>: n bytes at once. */
function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  if (req.url === "/drip") {
    res.writeHead(200, { "Content-Type": "video/mp4", "Content-Length": 1_000_000 });
    const timer = setInterval(() => res.write("x"), 50);
    res.on("close", () => clearInterval(timer));
    return;
  }
  const quick = /^\/quick\/(\d+)$/.exec(req.url ?? "");
  res.writeHead(quick ? 200 : 404, { "Content-Type": "image/png", "Content-Length": quick ? Number(quick[1]) : 0 });
  res.end(quick ? Buffer.alloc(Number(quick[1]), 5) : undefined);
}

type Caller = Awaited<ReturnType<typeof callerAs>>;
let operator: Caller;
let operatorId: string;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  process.env.MEDIA_FETCH_ALLOW_PRIVATE = "true";
  server = await fileServer(handle);
  operator = await callerAs("operator");
  operatorId = await userId("operator");
});
afterAll(async () => {
  worker?.child.kill("SIGKILL");
  delete process.env.MEDIA_FETCH_ALLOW_PRIVATE;
  await server.close();
});

/**
 * A file downloaded once, then re-fetched (forced) from a source that drips, with a second file
 * queued behind it; a real worker process takes the fetch and is killed mid-download.
 */
async function crashMidDownload() {
  const [x, y] = await mediaFiles(server.base, ["/quick/300", "/quick/400"], operatorId);
  await runFetchNow((await operator.media.fetch({ target: { kind: "ids", ids: [x!] } })).id);
  const before = await mediaRow(x!);
  expect(before).toMatchObject({ download_state: "downloaded", size_bytes: 300 });
  await pool().query("UPDATE media_files SET source_url = $2 WHERE id = $1", [x, `${server.base}/drip`]);

  const batch = await operator.media.fetch({ target: { kind: "ids", ids: [x!, y!] }, concurrency: 1, force: true });
  worker = startWorker();
  await waitFor(async () => (await fetchRows(batch.id))[0]?.state === "downloading", 30_000, `download started\n${worker.output()}`);
  worker.child.kill("SIGKILL");
  await worker.exited;
  worker = undefined;
  // What the crash left: the file and its fetch row say `downloading`, with no one downloading.
  expect((await fetchRows(batch.id)).map((r) => r.state)).toEqual(["downloading", "pending"]);
  expect((await mediaRow(x!)).download_state).toBe("downloading");
  return { x: x!, y: y!, before, batch };
}

/** The killed worker's job stops looking alive (pg-boss would notice its missing heartbeat within seconds). */
async function letJobGoStale(batchId: string) {
  await pool().query(
    `UPDATE pgboss.job SET heartbeat_on = now() - interval '1 minute', started_on = now() - interval '1 minute' WHERE name = $1 AND data->>'batchId' = $2`,
    [mediaFetchJob.name, batchId],
  );
}

describe("a fetch whose worker died mid-download", () => {
  it("then cancelled: the sweep closes its files as cancelled, with a message, and gives the media file back its earlier state", async () => {
    const { x, y, before, batch } = await crashMidDownload();
    await operator.batch.cancel({ batchId: batch.id });
    // While the dead job still looks alive, the sweep leaves it be.
    await sweepOrphanedBatches({ starting: false });
    expect((await fetchRows(batch.id))[0]!.state).toBe("downloading");

    await letJobGoStale(batch.id);
    await sweepOrphanedBatches({ starting: false });
    const rows = await fetchRows(batch.id);
    expect(rows.map((r) => r.state)).toEqual(["cancelled", "cancelled"]);
    expect(rows[0]).toMatchObject({ prior_download_state: "downloaded", error: { message: "Cancelled while downloading; nothing of it was kept and the file keeps its earlier state." } });
    expect(rows[1]!.error).toBeNull();
    // The earlier copy is still the file's: state, size and stored file as before the fetch.
    expect(await mediaRow(x)).toMatchObject({ download_state: "downloaded", size_bytes: 300, stored_file_id: before.stored_file_id });
    expect((await mediaRow(y)).download_state).toBe("pending");
    const { rows: files } = await pool().query<{ state: string }>("SELECT state FROM stored_files WHERE batch_id = $1", [batch.id]);
    expect(files.every((f) => f.state === "writing")).toBe(true);
    const items = (await operator.media.fetchItems({ batchId: batch.id })).items;
    expect(items.map((i) => i.state)).toEqual(["cancelled", "cancelled"]);
    // Settled once: a later sweep finds nothing left to close.
    const settled = await mediaRow(x);
    await sweepOrphanedBatches({ starting: false });
    expect(await mediaRow(x)).toEqual(settled);
  });

  it("then retried: the retry starts from the media file's state before the crash, not the stale `downloading`", async () => {
    const { x, y, batch } = await crashMidDownload();
    // The fetch froze its URLs when it was started: point its first file at a quick source for the retry.
    await pool().query("UPDATE media_fetches SET source_url = $2 WHERE batch_id = $1 AND seq = 1", [batch.id, `${server.base}/quick/350`]);
    // The job's retry, as pg-boss would run it once the dead attempt expired.
    await runFetchNow(batch.id);
    const rows = await fetchRows(batch.id);
    expect(rows.map((r) => r.state)).toEqual(["downloaded", "downloaded"]);
    expect(rows[0]!.prior_download_state).toBe("downloaded");
    expect(rows[1]!.prior_download_state).toBe("pending");
    expect(await mediaRow(x)).toMatchObject({ download_state: "downloaded", size_bytes: 350 });
    expect((await mediaRow(y)).download_state).toBe("downloaded");
    // The crashed attempt's half-written file is gone; only the two new copies remain.
    const { rows: files } = await pool().query<{ state: string }>("SELECT state FROM stored_files WHERE batch_id = $1 ORDER BY state", [batch.id]);
    expect(files).toEqual([{ state: "ready" }, { state: "ready" }]);
  });
});
