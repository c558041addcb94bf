import { Readable } from "node:stream";
import { z } from "zod";
import { fetchedFiles } from "../media/files";
import { batchResultsCsv, RESULT_FILTERS } from "../row-batches/results-csv";
import { downloadableFiles } from "../storage/files";
import { contentDisposition } from "../storage/http/disposition";
import { fileResponse } from "../storage/http/download";
import { asUserDownload } from "../storage/http/user-downloads";
import { zipStream } from "../storage/zip";
import type { RouteContext } from "./route";

// The downloads, as handlers for withActor: the console's routes (app/api/…) and the REST API
// (server/rest/streams.ts) serve the same ones.

const zipHeaders = (name: string) => ({ "content-type": "application/zip", "content-disposition": contentDisposition(name), "cache-control": "private, no-store" });

/** A stored file: its creator (or the creator of its batch) and admins only; Range and ETag supported; within DOWNLOADS_PER_USER. */
export function fileDownload({ req, actor, params }: RouteContext<{ id: string }>): Promise<Response> {
  return asUserDownload(actor.id, async () => {
    const [file] = await downloadableFiles(actor, [params.id]);
    return fileResponse(req, file!);
  });
}

const filterSchema = z.enum(RESULT_FILTERS, { error: `filter must be one of ${RESULT_FILTERS.join(", ")}.` }).default("all");

/** A batch's results as CSV, generated while it streams: `?filter=all|failed|conflicts`. */
export function batchResultsDownload({ req, actor, params }: RouteContext<{ id: string }>): Promise<Response> {
  const filter = filterSchema.parse(new URL(req.url).searchParams.get("filter") ?? undefined);
  return asUserDownload(actor.id, async () => {
    const { name, body } = await batchResultsCsv(actor, params.id, filter);
    return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": contentDisposition(name), "cache-control": "private, no-store" },
    });
  });
}

/** Every file a media fetch batch downloaded, as one zip built while it streams. */
export function fetchedFilesZip({ actor, params }: RouteContext<{ id: string }>): Promise<Response> {
  return asUserDownload(actor.id, async () => {
    const files = await fetchedFiles(actor, params.id);
    const name = `media-files_${new Date().toISOString().slice(0, 10)}_${params.id.slice(0, 8)}.zip`;
    return new Response(Readable.toWeb(zipStream(files)) as ReadableStream<Uint8Array>, { headers: zipHeaders(name) });
  });
}
