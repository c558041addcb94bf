import { Readable } from "node:stream";
import { withActor } from "@/server/http/route";
import { fetchedFiles } from "@/server/media/files";
import { contentDisposition } from "@/server/storage/http/disposition";
import { asUserDownload } from "@/server/storage/http/user-downloads";
import { zipStream } from "@/server/storage/zip";

/** Every file a media fetch batch downloaded, as one zip built while it streams. */
export const GET = withActor<{ id: string }>("batches.files", async ({ actor, params }) =>
  asUserDownload(actor.id, async () => {
    const files = await fetchedFiles(actor, params.id);
    const name = `media-files_${new Date().toISOString().slice(0, 10)}_${params.id.slice(0, 8)}.zip`;
    return new Response(Readable.toWeb(zipStream(files)) as ReadableStream<Uint8Array>, {
      headers: { "content-type": "application/zip", "content-disposition": contentDisposition(name), "cache-control": "private, no-store" },
    });
  }),
);
