import { Readable } from "node:stream";
import { fetchedFiles } from "@/server/media/files";
import { contentDisposition } from "@/server/storage/http/disposition";
import { withUser } from "@/server/storage/http/respond";
import { zipStream } from "@/server/storage/zip";

type Context = { params: Promise<{ id: string }> };

/** Every file a media fetch batch downloaded, as one zip built while it streams. */
export async function GET(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params;
  return withUser(req, "batches.files", async (user) => {
    const files = await fetchedFiles(user, id);
    const name = `media-files_${new Date().toISOString().slice(0, 10)}_${id.slice(0, 8)}.zip`;
    return new Response(Readable.toWeb(zipStream(files)) as ReadableStream<Uint8Array>, {
      headers: { "content-type": "application/zip", "content-disposition": contentDisposition(name), "cache-control": "private, no-store" },
    });
  });
}
