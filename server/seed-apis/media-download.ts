import { z } from "zod";
import { controlBatch } from "../batches/control";
import { batchSummary } from "../batches/read";
import { setting } from "../config";
import type { BatchState } from "../contracts/batch";
import { FETCH_CONCURRENCY } from "../contracts/media";
import { isUuid, rowIdSchema } from "../contracts/ids";
import { AppError } from "../errors";
import { readJsonBody } from "../http/body";
import type { ErrorEnvelope, RouteContext } from "../http/route";
import { sortForFetch } from "../media/classify";
import { createMediaFetch } from "../media/create";
import { listFetchItems, type FetchItemRow } from "../media/items";

// The media batch download API (seed 004) over Batchdesk's media fetch: `message_ids` are media_files
// rows, a batch download is one fetch batch (the worker downloads, within its own and the batch's
// concurrency), and a file's download link is our stored-file route. The seed answers without an
// envelope, and fails FastAPI's way (`{detail}`); ours adds the code and request id beside it.

type Ctx = RouteContext<Record<string, string | string[] | undefined>>;

/** Failures as the seed's service sends them: `detail`, with our code and the request id. */
export const mediaDownloadError: ErrorEnvelope = ({ status, body }) => ({
  status,
  body: { detail: body.error.message, code: body.error.code, ...(body.error.details ? { details: body.error.details } : {}), request_id: body.error.requestId ?? null },
});

const messageId = z.union([rowIdSchema, z.string().regex(/^[1-9]\d{0,9}$/, "A message id is a positive whole number.").transform(Number).pipe(rowIdSchema)]);

const startBodySchema = z.strictObject({
  message_ids: z.array(messageId).min(1, "message_ids must name at least one file.").max(100_000),
  force: z.boolean().default(false),
  max_concurrent: z
    .number()
    .int()
    .min(FETCH_CONCURRENCY.min, `max_concurrent 为 ${FETCH_CONCURRENCY.min}–${FETCH_CONCURRENCY.max}。`)
    .max(FETCH_CONCURRENCY.max, `max_concurrent 为 ${FETCH_CONCURRENCY.min}–${FETCH_CONCURRENCY.max}（最多${FETCH_CONCURRENCY.max}个并发下载）。`)
    .default(FETCH_CONCURRENCY.default),
});

const json = (body: unknown) => Response.json(body, { headers: { "cache-control": "no-store" } });

/** `POST /api/media/batch-download`. */
export async function startDownload(ctx: Ctx): Promise<Response> {
  const body = startBodySchema.parse(await readJsonBody(ctx.req));
  const ids = [...new Set(body.message_ids)];
  const max = setting("SEED_MEDIA_MAX_FILES");
  if (ids.length > max) throw new AppError("BAD_REQUEST", `单次批量下载最多${max}个文件（本次${ids.length}个）。At most ${max} files per batch download.`, { max, given: ids.length });
  const sorted = await sortForFetch(ctx.actor, ids, body.force);
  const failed = sorted.refused.map((r) => ({ message_id: r.id, error: r.message, error_code: r.code }));
  if (sorted.fetchable.length === 0) throw new AppError("BAD_REQUEST", "没有可以下载的文件。None of these files can be downloaded.", { failed_to_start: failed });
  const batch = await createMediaFetch(ctx.actor, { target: { kind: "ids", ids: sorted.fetchable }, concurrency: body.max_concurrent, force: body.force });
  const skipped = new Set(sorted.alreadyDownloaded);
  return json({
    batch_id: batch.id,
    status: "started",
    message: `批量下载任务已启动，包含 ${ids.length} 个文件`,
    total_files: ids.length,
    started_downloads: sorted.fetchable.filter((id) => !skipped.has(id)),
    already_downloaded: sorted.alreadyDownloaded,
    failed_to_start: failed,
  });
}

function fetchIdOf(ctx: Ctx): string {
  const id = ctx.params.id;
  if (typeof id !== "string" || !isUuid(id)) throw new AppError("NOT_FOUND", "No such batch download.");
  return id;
}

async function allFiles(ctx: Ctx, batchId: string): Promise<FetchItemRow[]> {
  const out: FetchItemRow[] = [];
  for (let page = 1; ; page++) {
    const { items, total } = await listFetchItems(ctx.actor, { batchId, page, pageSize: 500 });
    out.push(...items);
    if (out.length >= total || items.length === 0) return out;
  }
}

/** One file as the seed's status lists it; byte figures only while downloading, the link once downloaded. */
function fileStatus(f: FetchItemRow) {
  const base = { message_id: f.mediaFileId };
  switch (f.state) {
    case "downloaded":
    case "skipped":
      return {
        ...base,
        status: "completed",
        progress: 100,
        file_path: f.name,
        download_url: f.storedFileId ? `/api/files/${f.storedFileId}` : null,
        already_downloaded: f.state === "skipped",
      };
    case "downloading": {
      const speed = f.bytesPerSecond ?? null;
      const total = f.totalBytes;
      return {
        ...base,
        status: "downloading",
        progress: total ? Math.min(99, Math.floor((f.bytes / total) * 100)) : 0,
        downloaded_size: f.bytes,
        total_size: total,
        download_speed: speed,
        estimated_time_remaining: speed && total ? Math.ceil(Math.max(0, total - f.bytes) / speed) : null,
      };
    }
    case "failed":
    case "cancelled":
      return { ...base, status: f.state, progress: 0, error: f.error?.message ?? null };
    default:
      return { ...base, status: "pending", progress: 0 };
  }
}

function overallStatus(state: BatchState, completed: number): string {
  switch (state) {
    case "running":
      return "in_progress";
    case "completed":
      return "completed";
    case "completed_with_errors":
      return completed > 0 ? "completed" : "failed";
    case "failed":
      return "failed";
    case "cancelled":
    case "discarded":
      return "cancelled";
    default:
      return "pending";
  }
}

/** `GET /api/media/batch-status/{batch_id}`. */
export async function downloadStatus(ctx: Ctx): Promise<Response> {
  const id = fetchIdOf(ctx);
  const files = (await allFiles(ctx, id)).map(fileStatus);
  const summary = await batchSummary(ctx.actor, id);
  const count = (s: string) => files.filter((f) => f.status === s).length;
  return json({
    batch_id: id,
    total_files: files.length,
    completed: count("completed"),
    downloading: count("downloading"),
    failed: count("failed"),
    pending: count("pending"),
    cancelled: count("cancelled"),
    overall_status: overallStatus(summary.state, count("completed")),
    progress: summary.progress.percent,
    files,
  });
}

/** `POST /api/media/batch-cancel/{batch_id}`: the files not yet downloaded are cancelled; downloaded ones stay. */
export async function cancelDownload(ctx: Ctx): Promise<Response> {
  const id = fetchIdOf(ctx);
  const before = await allFiles(ctx, id);
  await controlBatch(ctx.actor, id, "cancel");
  const cancelled = before.filter((f) => f.state === "pending" || f.state === "downloading").length;
  return json({
    status: "cancelled",
    message: `批量下载任务已取消，取消了 ${cancelled} 个下载`,
    batch_id: id,
    cancelled_downloads: cancelled,
    total_files: before.length,
  });
}
