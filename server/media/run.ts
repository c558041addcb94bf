import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { Logger } from "pino";
import type { Response } from "undici";
import { BatchStopped, runSingleJob } from "../batches/single-job";
import type { BatchRecord } from "../batches/record";
import { pool } from "../db";
import { withTransaction } from "../sql/tx";
import { createFileRow, deleteFile, deleteUnfinishedFiles, markReady, StoredFileWriter, type WrittenFile } from "../storage/writer";
import { fetchIdleTimeoutMs, maxFileBytes } from "./limits";
import { fetchSource, SourceRefused } from "./network";
import { FetchProgress, type LiveDownload } from "./progress";
import { fetchOperationSchema, type FetchOperation } from "../contracts/media";

export type RunOptions = {
  /** Aborted when the worker shuts down: downloads stop, unfinished files go back to pending, the job is retried. */
  shutdown?: AbortSignal;
  /** How often progress is written and a cancel looked for (default once a second; tests use less). */
  progressIntervalMs?: number;
  /** How many more times pg-boss will retry this job; with none left an unexpected error fails the batch. */
  retriesLeft?: number;
};

/** One file to download, with its media row as it was when the run started (name null: the row is gone). */
type Item = { seq: number; media_file_id: number; source_url: string; name: string | null; download_state: string | null; stored_file_id: string | null };

/** A download that failed for a reason worth showing the user as is. */
class FetchFailure extends Error {}

/**
 * Runs one fetch batch in the worker: downloads the batch's pending files, `concurrency` at a time,
 * each streamed into a stored file that becomes visible only in the transaction that records it as
 * downloaded. A cancel aborts the downloads in flight and records nothing half.
 */
export async function runMediaFetch(batchId: string, log: Logger, opts: RunOptions = {}): Promise<void> {
  await runSingleJob({
    batchId,
    kind: "fetch",
    log,
    shutdown: opts.shutdown,
    retriesLeft: opts.retriesLeft ?? 0,
    failureMessage: "The fetch failed on the server (the error has been logged). Start it again to fetch the remaining files.",
    work: (batch) => fetchBatch(batch, log, opts),
    notRunning: closeUnstarted,
  });
}

/** A fetch cancelled while queued never started its files: they end cancelled, not pending for ever. */
async function closeUnstarted(batchId: string): Promise<void> {
  await pool().query(
    `UPDATE media_fetches SET state = 'cancelled', finished_at = now()
     WHERE batch_id = $1 AND state IN ('pending', 'downloading') AND EXISTS (SELECT 1 FROM batches WHERE id = $1 AND state = 'cancelled')`,
    [batchId],
  );
}

async function fetchBatch(batch: BatchRecord, log: Logger, { shutdown, progressIntervalMs }: RunOptions): Promise<void> {
  const batchId = batch.id;
  const op = fetchOperationSchema.parse(batch.operation);
  // What an earlier, interrupted attempt left half-done starts again.
  await deleteUnfinishedFiles(batchId);
  await pool().query(`UPDATE media_fetches SET state = 'pending', bytes = 0, started_at = NULL WHERE batch_id = $1 AND state = 'downloading'`, [batchId]);
  const { rows: items } = await pool().query<Item>(
    `SELECT f.seq, f.media_file_id, f.source_url, m.name, m.download_state, m.stored_file_id
     FROM media_fetches f LEFT JOIN media_files m ON m.id = f.media_file_id
     WHERE f.batch_id = $1 AND f.state = 'pending' ORDER BY f.seq`,
    [batchId],
  );

  const progress = new FetchProgress(batchId, log, progressIntervalMs);
  const signal = shutdown ? AbortSignal.any([progress.signal, shutdown]) : progress.signal;
  const ctx: Ctx = { batchId, op, createdById: batch.createdById, signal, progress, log };
  let next = 0;
  const worker = async () => {
    while (!signal.aborted && next < items.length) await fetchOne(ctx, items[next++]!);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(op.concurrency, items.length) }, worker));
  } finally {
    await progress.stop();
  }

  if (shutdown?.aborted && !progress.signal.aborted) {
    log.info({ batchId }, "fetch interrupted by shutdown; the job will be retried");
    throw new Error("worker shutting down");
  }
  if (progress.signal.aborted) {
    await pool().query(`UPDATE media_fetches SET state = 'cancelled', finished_at = now() WHERE batch_id = $1 AND state = 'pending'`, [batchId]);
    await progress.writeCounts(false);
    throw new BatchStopped();
  }
  await progress.finish();
}

type Ctx = { batchId: string; op: FetchOperation; createdById: string; signal: AbortSignal; progress: FetchProgress; log: Logger };

/** Downloads one file and records how it went; never throws. */
async function fetchOne(ctx: Ctx, item: Item): Promise<void> {
  const { batchId, signal, progress } = ctx;
  try {
    if (item.name === null) {
      await recordFailure(batchId, item, "The media file no longer exists.", null);
      return;
    }
    if (!ctx.op.force && item.download_state === "downloaded" && item.stored_file_id) {
      await pool().query(`UPDATE media_fetches SET state = 'skipped', finished_at = now() WHERE batch_id = $1 AND seq = $2`, [batchId, item.seq]);
      return;
    }
    await pool().query(
      `WITH f AS (UPDATE media_fetches SET state = 'downloading', started_at = now(), bytes = 0 WHERE batch_id = $1 AND seq = $2)
       UPDATE media_files SET download_state = 'downloading', version = version + 1, updated_at = now() WHERE id = $3`,
      [batchId, item.seq, item.media_file_id],
    );
  } catch (err) {
    ctx.log.error({ err, batchId, seq: item.seq }, "could not record a fetch's state");
    return;
  }

  const live: LiveDownload = { bytes: 0, total: null, startedAt: Date.now() };
  progress.track(item.seq, live);
  let fileId: string | null = null;
  try {
    const { written, mime } = await download(ctx, item, live, (id) => (fileId = id));
    await recordSuccess(batchId, item, fileId!, written, mime, live);
    fileId = null;
  } catch (err) {
    if (fileId) await deleteFile(fileId).catch((e: unknown) => ctx.log.warn({ err: e, fileId }, "could not delete an unfinished media file"));
    if (signal.aborted || err instanceof BatchStopped) await release(batchId, item, ctx.progress.signal.aborted ? "cancelled" : "pending");
    else {
      if (!(err instanceof FetchFailure)) ctx.log.warn({ err, batchId, url: item.source_url }, "media download failed");
      await recordFailure(batchId, item, failureMessage(err), live).catch((e: unknown) => ctx.log.error({ err: e, batchId }, "could not record a failed fetch"));
    }
  } finally {
    progress.untrack(item.seq);
  }
}

/**
 * Streams the body into a new (invisible) stored file; the size must match Content-Length when sent.
 * A server that stops sending (before the headers or mid-body) for the idle timeout is given up on,
 * so one stalled host cannot hold a download slot for ever.
 */
async function download(ctx: Ctx, item: Item, live: LiveDownload, onFile: (id: string) => void): Promise<{ written: WrittenFile; mime: string }> {
  const idleMs = fetchIdleTimeoutMs();
  const idle = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const poke = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), idleMs);
  };
  poke();
  try {
    return await transfer({ ...ctx, signal: AbortSignal.any([ctx.signal, idle.signal]) }, item, live, onFile, poke);
  } catch (err) {
    if (idle.signal.aborted && !ctx.signal.aborted) {
      throw new FetchFailure(`No data arrived for ${idleMs >= 1000 ? `${Math.round(idleMs / 1000)} s` : `${idleMs} ms`}, so the download was stopped.`);
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

async function transfer(ctx: Ctx, item: Item, live: LiveDownload, onFile: (id: string) => void, onData: () => void): Promise<{ written: WrittenFile; mime: string }> {
  let res: Response;
  try {
    res = await fetchSource(new URL(item.source_url), ctx.signal);
  } catch (err) {
    if (err instanceof SourceRefused) throw new FetchFailure(err.message);
    throw err;
  }
  onData();
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new FetchFailure(`The server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ""}.`);
  }
  const length = res.headers.get("content-length");
  live.total = length !== null && /^\d+$/.test(length) ? Number(length) : null;
  const maxBytes = maxFileBytes();
  if (live.total !== null && live.total > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new FetchFailure(tooLarge(live.total, maxBytes));
  }
  const mime = res.headers.get("content-type")?.split(";")[0]?.trim() || "application/octet-stream";
  const fileId = await createFileRow({ kind: "media", name: item.name!, mime, createdById: ctx.createdById, batchId: ctx.batchId, expiresAt: null });
  onFile(fileId);
  const writer = new StoredFileWriter(fileId);
  const counter = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      onData();
      live.bytes += chunk.length;
      if (live.total !== null && live.bytes > live.total) callback(new FetchFailure(`The server sent more than the ${live.total} bytes it announced.`));
      else if (live.bytes > maxBytes) callback(new FetchFailure(tooLarge(null, maxBytes)));
      else callback(null, chunk);
    },
  });
  const body = res.body ? Readable.fromWeb(res.body as WebReadableStream<Uint8Array>) : Readable.from([]);
  try {
    await pipeline(body, counter, writer, { signal: ctx.signal });
  } catch (err) {
    if (ctx.signal.aborted || err instanceof FetchFailure) throw err;
    if (live.total !== null) throw new FetchFailure(`The download broke off after ${live.bytes} of the ${live.total} bytes the server announced.`);
    throw new FetchFailure(`The download broke off after ${live.bytes} bytes.`);
  }
  if (live.total !== null && live.bytes !== live.total) {
    throw new FetchFailure(`The server sent ${live.bytes} bytes but announced ${live.total}.`);
  }
  return { written: writer.written, mime };
}

function tooLarge(announced: number | null, max: number): string {
  const size = (n: number) => (n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} bytes`);
  return `The file is ${announced === null ? "larger than" : `${size(announced)}, over`} the ${size(max)} a download may store.`;
}

function speed(live: LiveDownload): number | null {
  const ms = Date.now() - live.startedAt;
  return ms > 0 ? Math.round((live.bytes * 1000) / ms) : null;
}

/** Makes the file visible and records it on the media row and the fetch row, only if the batch still runs. */
async function recordSuccess(batchId: string, item: Item, fileId: string, written: WrittenFile, mime: string, live: LiveDownload): Promise<void> {
  await withTransaction(async (client) => {
    const { rows } = await client.query<{ state: string }>("SELECT state FROM batches WHERE id = $1 FOR SHARE", [batchId]);
    if (rows[0]?.state !== "running") throw new BatchStopped();
    await markReady(client, fileId, written, null);
    const { rows: old } = await client.query<{ stored_file_id: string | null }>("SELECT stored_file_id FROM media_files WHERE id = $1 FOR UPDATE", [item.media_file_id]);
    await client.query(
      `UPDATE media_files SET download_state = 'downloaded', size_bytes = $2, mime_type = $3, stored_file_id = $4, version = version + 1, updated_at = now() WHERE id = $1`,
      [item.media_file_id, written.size, mime, fileId],
    );
    await client.query(
      `UPDATE media_fetches SET state = 'downloaded', bytes = $3, total_bytes = $4, bytes_per_second = $5, stored_file_id = $6, error = NULL, finished_at = now()
       WHERE batch_id = $1 AND seq = $2`,
      [batchId, item.seq, written.size, live.total, speed(live), fileId],
    );
    // A forced re-download replaces the earlier copy.
    const previous = old[0]?.stored_file_id;
    if (previous && previous !== fileId) await deleteFile(previous, client);
  });
}

/** Records a failed download; a file that had an earlier good copy keeps it (and stays `downloaded`). */
async function recordFailure(batchId: string, item: Item, message: string, live: LiveDownload | null): Promise<void> {
  await pool().query(
    `WITH f AS (
       UPDATE media_fetches SET state = 'failed', error = $4, bytes = $5, total_bytes = $6, bytes_per_second = $7, finished_at = now()
       WHERE batch_id = $1 AND seq = $2)
     UPDATE media_files SET download_state = CASE WHEN stored_file_id IS NOT NULL THEN 'downloaded' ELSE 'failed' END, version = version + 1, updated_at = now()
     WHERE id = $3`,
    [batchId, item.seq, item.media_file_id, JSON.stringify({ message }), live?.bytes ?? 0, live?.total ?? null, live ? speed(live) : null],
  );
}

/** Puts a file whose download was stopped back as it was before the run. */
async function release(batchId: string, item: Item, state: "cancelled" | "pending"): Promise<void> {
  await pool().query(
    `WITH f AS (
       UPDATE media_fetches SET state = $4, bytes = 0, bytes_per_second = NULL, finished_at = CASE WHEN $4 = 'cancelled' THEN now() END
       WHERE batch_id = $1 AND seq = $2)
     UPDATE media_files SET download_state = $5, version = version + 1, updated_at = now() WHERE id = $3 AND download_state = 'downloading'`,
    [batchId, item.seq, item.media_file_id, state, item.download_state ?? "pending"],
  );
}

function failureMessage(err: unknown): string {
  if (err instanceof FetchFailure) return err.message;
  if (err instanceof TypeError && err.message === "Invalid URL") return "The source URL is not a valid URL.";
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail = cause?.code ?? cause?.message;
  return `The file could not be downloaded${detail ? ` (${detail})` : ""}.`;
}
