import { STATUS_CODES } from "node:http";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Logger } from "pino";
import { BatchStopped, runSingleJob } from "../batches/single-job";
import type { BatchRecord } from "../batches/record";
import { pool } from "../db";
import { withTransaction } from "../sql/tx";
import { createFileRow, deleteFile, deleteUnfinishedFiles, markReady, StoredFileWriter, type WrittenFile } from "../storage/writer";
import { decodersFor, UnknownEncoding } from "./decode";
import { downloadSlots } from "./download-slots";
import { downloadLimits, maxFileBytes } from "./limits";
import { discard, fetchSource, SourceRefused } from "./network";
import { FetchProgress, type LiveDownload } from "./progress";
import { PRIOR_STATE_SQL, settleEndedFetches } from "./settle";
import { byteSize } from "./units";
import { DownloadWatchdog } from "./watchdog";
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
 * Runs one fetch batch in the worker: downloads the batch's pending files, `concurrency` at a time
 * (within the worker's own cap), each written part by part into a stored file that becomes visible
 * only in the transaction that records it as downloaded. No database connection is held while
 * bytes are awaited. A cancel aborts the downloads in flight and records nothing half.
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
    // A fetch that ended while queued, or while a crashed attempt had files downloading, closes them.
    notRunning: (id) => settleEndedFetches({ batchId: id }).then(() => {}),
  });
}

async function fetchBatch(batch: BatchRecord, log: Logger, { shutdown, progressIntervalMs }: RunOptions): Promise<void> {
  const batchId = batch.id;
  const op = fetchOperationSchema.parse(batch.operation);
  // What an earlier, interrupted attempt left half-done starts again, its media rows as they were before it.
  await deleteUnfinishedFiles(batchId);
  await pool().query(
    `WITH f AS (UPDATE media_fetches SET state = 'pending', bytes = 0, started_at = NULL WHERE batch_id = $1 AND state = 'downloading'
                RETURNING media_file_id, prior_download_state)
     UPDATE media_files m SET download_state = ${PRIOR_STATE_SQL}, version = m.version + 1, updated_at = now()
     FROM f WHERE m.id = f.media_file_id AND m.download_state = 'downloading'`,
    [batchId],
  );
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
  if (!progress.signal.aborted) {
    try {
      await progress.finish();
      return;
    } catch (err) {
      // Cancelled after the last download but before the timer saw it: closed like any cancel.
      if (!(err instanceof BatchStopped)) throw err;
    }
  }
  await settleEndedFetches({ batchId });
  await progress.writeCounts(false);
  throw new BatchStopped();
}

type Ctx = { batchId: string; op: FetchOperation; createdById: string; signal: AbortSignal; progress: FetchProgress; log: Logger };

/** Downloads one file and records how it went; never throws. */
async function fetchOne(ctx: Ctx, item: Item): Promise<void> {
  const { batchId, signal, progress } = ctx;
  let releaseSlot: (() => void) | null = null;
  try {
    if (item.name === null) {
      await recordFailure(batchId, item, "The media file no longer exists.", null);
      return;
    }
    if (!ctx.op.force && item.download_state === "downloaded" && item.stored_file_id) {
      await pool().query(`UPDATE media_fetches SET state = 'skipped', finished_at = now() WHERE batch_id = $1 AND seq = $2`, [batchId, item.seq]);
      return;
    }
    // Stopped while waiting: the file simply stays pending (cancelled or retried with the rest).
    releaseSlot = await downloadSlots.acquire(signal).catch(() => null);
    if (!releaseSlot) return;
    // The media row's state now is what a stopped download puts back.
    await pool().query(
      `WITH before AS (SELECT CASE WHEN download_state = 'downloading' THEN CASE WHEN stored_file_id IS NOT NULL THEN 'downloaded' ELSE 'pending' END
                              ELSE download_state END AS state FROM media_files WHERE id = $3),
       f AS (UPDATE media_fetches SET state = 'downloading', started_at = now(), bytes = 0, prior_download_state = (SELECT state FROM before)
             WHERE batch_id = $1 AND seq = $2)
       UPDATE media_files SET download_state = 'downloading', version = version + 1, updated_at = now() WHERE id = $3`,
      [batchId, item.seq, item.media_file_id],
    );
  } catch (err) {
    releaseSlot?.();
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
    // A cancel leaves the file `downloading` for settleEndedFetches, which closes it with the rest.
    if (signal.aborted || err instanceof BatchStopped) {
      if (!ctx.progress.signal.aborted) await release(batchId, item).catch((e: unknown) => ctx.log.error({ err: e, batchId }, "could not put back a stopped fetch"));
    } else {
      if (!(err instanceof FetchFailure)) ctx.log.warn({ err, batchId, url: item.source_url }, "media download failed");
      await recordFailure(batchId, item, failureMessage(err), live).catch((e: unknown) => ctx.log.error({ err: e, batchId }, "could not record a failed fetch"));
    }
  } finally {
    progress.untrack(item.seq);
    releaseSlot();
  }
}

/**
 * Streams the body into a new (invisible) stored file under a watchdog: a source that sends
 * nothing, or too little, for too long, or takes longer than a download may, is given up on, so
 * one slow host cannot hold a download slot for ever.
 */
async function download(ctx: Ctx, item: Item, live: LiveDownload, onFile: (id: string) => void): Promise<{ written: WrittenFile; mime: string }> {
  const watchdog = new DownloadWatchdog(downloadLimits());
  try {
    return await transfer({ ...ctx, signal: AbortSignal.any([ctx.signal, watchdog.signal]) }, item, live, onFile, watchdog);
  } catch (err) {
    if (watchdog.failure && !ctx.signal.aborted) throw new FetchFailure(watchdog.failure);
    throw err;
  } finally {
    watchdog.stop();
  }
}

/**
 * The body goes through two counters: the bytes as sent, checked against Content-Length, and,
 * after decoding a Content-Encoding the server used although identity was asked for, the file's
 * own bytes, checked against the size cap. Decoders are strict (see decode.ts), so a damaged or
 * truncated encoded body fails instead of storing a shorter file.
 */
async function transfer(ctx: Ctx, item: Item, live: LiveDownload, onFile: (id: string) => void, watchdog: DownloadWatchdog): Promise<{ written: WrittenFile; mime: string }> {
  let res: Awaited<ReturnType<typeof fetchSource>>;
  try {
    res = await fetchSource(new URL(item.source_url), ctx.signal);
  } catch (err) {
    if (err instanceof SourceRefused) throw new FetchFailure(err.message);
    throw err;
  }
  watchdog.bodyStarted();
  if (res.status < 200 || res.status > 299) {
    discard(res.body);
    const text = STATUS_CODES[res.status];
    throw new FetchFailure(`The server answered ${res.status}${text ? ` ${text}` : ""}.`);
  }
  let decoders: Transform[];
  const encoding = res.header("content-encoding");
  try {
    decoders = decodersFor(encoding);
  } catch (err) {
    discard(res.body);
    throw err instanceof UnknownEncoding ? new FetchFailure(err.message) : err;
  }
  const length = res.header("content-length");
  const announced = length !== null && /^\d+$/.test(length) ? Number(length) : null;
  // Encoded, the announced length is not the file's: its size is known only once decoded.
  live.total = decoders.length === 0 ? announced : null;
  const maxBytes = maxFileBytes();
  if (live.total !== null && live.total > maxBytes) {
    discard(res.body);
    throw new FetchFailure(tooLarge(live.total, maxBytes));
  }
  const mime = res.header("content-type")?.split(";")[0]?.trim() || "application/octet-stream";
  const fileId = await createFileRow({ kind: "media", name: item.name!, mime, createdById: ctx.createdById, batchId: ctx.batchId, expiresAt: null });
  onFile(fileId);

  let sent = 0;
  const asSent = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      watchdog.received(chunk.length);
      sent += chunk.length;
      if (announced !== null && sent > announced) callback(new FetchFailure(`The server sent more than the ${announced} bytes it announced.`));
      else callback(null, chunk);
    },
  });
  const asStored = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      live.bytes += chunk.length;
      if (live.bytes > maxBytes) callback(new FetchFailure(tooLarge(null, maxBytes)));
      else callback(null, chunk);
    },
  });
  let undecodable = false;
  for (const d of decoders) d.once("error", () => (undecodable = true));
  const writer = new StoredFileWriter(fileId);
  try {
    await pipeline([res.body, asSent, ...decoders, asStored, writer], { signal: ctx.signal });
  } catch (err) {
    if (ctx.signal.aborted || err instanceof FetchFailure) throw err;
    if (undecodable) throw new FetchFailure(`The server's ${encoding} data is damaged or incomplete, so nothing was stored.`);
    if (announced !== null) throw new FetchFailure(`The download broke off after ${sent} of the ${announced} bytes the server announced.`);
    throw new FetchFailure(`The download broke off after ${sent} bytes.`);
  }
  if (announced !== null && sent !== announced) {
    throw new FetchFailure(`The server sent ${sent} bytes but announced ${announced}.`);
  }
  return { written: writer.written, mime };
}

function tooLarge(announced: number | null, max: number): string {
  return `The file is ${announced === null ? "larger than" : `${byteSize(announced)}, over`} the ${byteSize(max)} a download may store.`;
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

/** Puts a file whose download a shutdown stopped back to pending, its media row as it was before (for the retried job). */
async function release(batchId: string, item: Item): Promise<void> {
  await pool().query(
    `WITH f AS (
       UPDATE media_fetches SET state = 'pending', bytes = 0, bytes_per_second = NULL, started_at = NULL
       WHERE batch_id = $1 AND seq = $2 RETURNING prior_download_state)
     UPDATE media_files m SET download_state = ${PRIOR_STATE_SQL}, version = m.version + 1, updated_at = now()
     FROM f WHERE m.id = $3 AND m.download_state = 'downloading'`,
    [batchId, item.seq, item.media_file_id],
  );
}

function failureMessage(err: unknown): string {
  if (err instanceof FetchFailure) return err.message;
  if (err instanceof TypeError && err.message === "Invalid URL") return "The source URL is not a valid URL.";
  const own = err as { code?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  const detail = [own?.code, own?.cause?.code, own?.cause?.message].find((d): d is string => typeof d === "string" && d !== "");
  return `The file could not be downloaded${detail ? ` (${detail})` : ""}.`;
}
