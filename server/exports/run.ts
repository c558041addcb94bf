import type { Logger } from "pino";
import { BatchStopped, finishSingleJob, runSingleJob } from "../batches/single-job";
import type { BatchRecord } from "../batches/record";
import { exportOperationSchema, exportTargetSchema } from "../contracts/exports";
import { getField, getResource } from "../resources/registry";
import { withTransaction } from "../sql/tx";
import { createFileRow, deleteFile, deleteUnfinishedFiles, markReady, StoredFileWriter } from "../storage/writer";
import { FORMATS } from "./formats";
import { ExportProgress } from "./progress";
import { streamExport } from "./stream";

export type RunOptions = {
  /** Aborted when the worker shuts down: the export stops and its job is retried elsewhere. */
  shutdown?: AbortSignal;
  /** How many more times pg-boss will retry this job; with none left an error fails the batch. */
  retriesLeft?: number;
  /** How often progress is written (default once a second; tests use less). */
  progressIntervalMs?: number;
};

/**
 * Runs one export batch in the worker: streams the rows into a new stored file and, in one
 * transaction, makes the file visible and completes the batch. Anything that stops it half-way
 * (a crash, a cancel, an error) leaves no visible file; a retried job deletes what an earlier attempt
 * left and starts again from the first row.
 */
export async function runExport(batchId: string, log: Logger, opts: RunOptions = {}): Promise<void> {
  await runSingleJob({
    batchId,
    kind: "export",
    log,
    shutdown: opts.shutdown,
    retriesLeft: opts.retriesLeft ?? 0,
    failureMessage: "The export failed on the server (the error has been logged). Try again.",
    work: (batch) => writeExport(batch, log, opts),
  });
}

async function writeExport(batch: BatchRecord, log: Logger, { shutdown, progressIntervalMs }: RunOptions): Promise<void> {
  const op = exportOperationSchema.parse(batch.operation);
  const target = exportTargetSchema.parse(batch.target);
  const res = getResource(batch.resource);
  const fields = op.fields.map((name) => getField(res, name));

  await deleteUnfinishedFiles(batch.id);
  const fileId = await createFileRow({
    kind: "export",
    name: op.fileName,
    mime: FORMATS[op.format].mime,
    format: op.format,
    resource: res.name,
    createdById: batch.createdById,
    batchId: batch.id,
  });
  const progress = new ExportProgress(batch.id, progressIntervalMs);
  const writer = new StoredFileWriter(fileId);
  const started = Date.now();
  try {
    const { rows } = await streamExport({
      res,
      fields,
      target,
      format: op.format,
      hidden: new Set(op.hiddenFields),
      escapeFormulas: op.escapeFormulas,
      output: writer,
      signal: shutdown ? AbortSignal.any([progress.signal, shutdown]) : progress.signal,
      onTotal: (total) => progress.setTotal(total),
      onRows: (n) => progress.tick(n),
    });
    await progress.idle();
    await withTransaction(async (client) => {
      await markReady(client, fileId, writer.written, rows);
      await finishSingleJob(client, batch.id, { total: rows, processed: rows, succeeded: rows });
    });
    log.info({ batchId: batch.id, rows, bytes: writer.written.size, ms: Date.now() - started, format: op.format }, "export written");
  } catch (err) {
    await progress.idle();
    await deleteFile(fileId).catch((e: unknown) => log.warn({ err: e, fileId }, "could not delete an unfinished export file"));
    // A stream aborted by a cancel surfaces as an abort error: it is the batch that stopped.
    throw progress.signal.aborted ? new BatchStopped() : err;
  }
}
