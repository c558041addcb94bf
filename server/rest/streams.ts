import { isTrackedEnvelope } from "@trpc/server";
import { z } from "zod";
import { AppError } from "../errors";
import { progressStream } from "../batches/progress-stream";
import { checkHealth } from "../health/health";
import { batchResultsDownload, fetchedFilesZip, fileDownload } from "../http/downloads";
import { withActor, type RouteContext } from "../http/route";
import { healthOutput } from "./outputs/system";

// REST operations that answer with something other than one JSON document: files, CSV, zip, an SSE
// stream, the public health check. Each runs through withActor under a rule of
// server/auth/route-rules.ts, as the console's download routes do.

export type StreamOperation = {
  operationId: string;
  path: `/${string}`;
  tag: string;
  summary: string;
  description?: string;
  /** The response's media type, for the document. */
  contentType: string;
  /** Query parameters it reads (name → description). */
  query?: Record<string, string>;
  /** The JSON answer's schema, for the document (JSON operations only). */
  output?: z.ZodType;
  /** Public: no token needed. */
  public?: boolean;
  handler: (req: Request, params: Record<string, string>) => Promise<Response>;
};

/** A withActor handler under `name`, called with the REST path's params renamed for it. */
function viaRoute(name: string, handler: (ctx: RouteContext<{ id: string }>) => Promise<Response>, param: string) {
  const route = withActor<{ id: string }>(name, (ctx) => {
    // Ids are uuids: anything else is a field error, not a query PostgreSQL refuses.
    const id = z.uuid({ error: `${param}: not a valid id.` }).safeParse(ctx.params.id);
    if (!id.success) throw new AppError("BAD_REQUEST", id.error.issues[0]!.message, { fields: { [param]: [id.error.issues[0]!.message] } });
    return handler(ctx);
  });
  return Object.assign((req: Request, params: Record<string, string>) => route(req, { params: Promise.resolve({ id: params[param]! }) }), { routeRule: name });
}

const encoder = new TextEncoder();

/**
 * Progress of one batch as Server-Sent Events: `event: progress` with the batch's figures, `id` its
 * progress counter, so a client reconnecting with `Last-Event-ID` (or `?lastEventId=`) gets only
 * what it has not seen. The stream ends when the batch is final (an `event: end` says so) or after
 * PROGRESS_STREAM_MAX_MS; reconnect to go on.
 */
async function batchEvents({ req, actor, params }: RouteContext<{ id: string }>): Promise<Response> {
  const lastEventId = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("lastEventId");
  const abort = new AbortController();
  req.signal.addEventListener("abort", () => abort.abort(), { once: true });
  const events = await progressStream(actor, params.id, lastEventId, abort.signal);
  const iterator = events[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) {
          controller.enqueue(encoder.encode(`event: end\ndata: {}\n\n`));
          controller.close();
          return;
        }
        const value = next.value;
        if (isTrackedEnvelope(value)) controller.enqueue(encoder.encode(`id: ${value[0]}\nevent: progress\ndata: ${JSON.stringify(value[1])}\n\n`));
      } catch (err) {
        const message = err instanceof Error ? err.message : "stream failed";
        controller.enqueue(encoder.encode(`event: error\ndata: ${JSON.stringify({ message })}\n\n`));
        controller.close();
      }
    },
    async cancel() {
      abort.abort();
      await iterator.return?.();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive", "x-accel-buffering": "no" } });
}

export const STREAM_OPERATIONS: StreamOperation[] = [
  {
    operationId: "getHealth",
    path: "/health",
    tag: "System",
    summary: "Database, migrations, worker and queue health (public)",
    contentType: "application/json",
    output: healthOutput,
    public: true,
    handler: async () => {
      const health = await checkHealth();
      return Response.json(health, { status: health.status === "down" ? 503 : 200, headers: { "cache-control": "no-store" } });
    },
  },
  {
    operationId: "streamBatchEvents",
    path: "/batches/{batchId}/events",
    tag: "Batches",
    summary: "Live progress as Server-Sent Events; resumes with Last-Event-ID",
    contentType: "text/event-stream",
    query: { lastEventId: "Resume after this event id (as the Last-Event-ID header does)." },
    handler: viaRoute("batches.events", batchEvents, "batchId"),
  },
  {
    operationId: "downloadBatchResults",
    path: "/batches/{batchId}/results",
    tag: "Batches",
    summary: "The batch's per-row results as CSV",
    contentType: "text/csv",
    query: { filter: "all (default), failed or conflicts" },
    handler: viaRoute("batches.results", batchResultsDownload, "batchId"),
  },
  {
    operationId: "downloadExportFile",
    path: "/exports/files/{fileId}",
    tag: "Exports",
    summary: "Download an export's file (Range supported)",
    contentType: "application/octet-stream",
    handler: viaRoute("files.download", fileDownload, "fileId"),
  },
  {
    operationId: "downloadMediaFetchFiles",
    path: "/media/fetches/{batchId}/download",
    tag: "Media",
    summary: "Every file a fetch downloaded, as one zip",
    contentType: "application/zip",
    handler: viaRoute("batches.files", fetchedFilesZip, "batchId"),
  },
];
