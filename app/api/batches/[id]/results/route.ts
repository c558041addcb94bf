import { Readable } from "node:stream";
import { z } from "zod";
import { withActor } from "@/server/http/route";
import { batchResultsCsv, RESULT_FILTERS } from "@/server/row-batches/results-csv";
import { contentDisposition } from "@/server/storage/http/disposition";
import { asUserDownload } from "@/server/storage/http/user-downloads";

const filterSchema = z.enum(RESULT_FILTERS, { error: `filter must be one of ${RESULT_FILTERS.join(", ")}.` }).default("all");

/** A batch's results as CSV, generated while it streams: `?filter=all|failed|conflicts`. */
export const GET = withActor<{ id: string }>("batches.results", async ({ req, actor, params }) => {
  const filter = filterSchema.parse(new URL(req.url).searchParams.get("filter") ?? undefined);
  return asUserDownload(actor.id, async () => {
    const { name, body } = await batchResultsCsv(actor, params.id, filter);
    return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": contentDisposition(name), "cache-control": "private, no-store" },
    });
  });
});
