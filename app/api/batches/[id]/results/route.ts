import { Readable } from "node:stream";
import { AppError } from "@/server/errors";
import { batchResultsCsv, RESULT_FILTERS, type ResultFilter } from "@/server/exports/results";
import { contentDisposition } from "@/server/storage/http/disposition";
import { withUser } from "@/server/storage/http/respond";

type Context = { params: Promise<{ id: string }> };

const isFilter = (v: string): v is ResultFilter => (RESULT_FILTERS as readonly string[]).includes(v);

/** A batch's results as CSV, generated while it streams: `?filter=all|failed|conflicts`. */
export async function GET(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params;
  return withUser(req, "batches.results", async (user) => {
    const filter = new URL(req.url).searchParams.get("filter") ?? "all";
    if (!isFilter(filter)) throw new AppError("BAD_REQUEST", `filter must be one of ${RESULT_FILTERS.join(", ")}.`);
    const { name, body } = await batchResultsCsv(user, id, filter);
    return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": contentDisposition(name), "cache-control": "private, no-store" },
    });
  });
}
