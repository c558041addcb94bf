import { Readable } from "node:stream";
import { z } from "zod";
import { readJsonBody } from "@/server/http/body";
import { withActor } from "@/server/http/route";
import type { Actor } from "@/server/auth/actor";
import { downloadableFiles } from "@/server/storage/files";
import { contentDisposition } from "@/server/storage/http/disposition";
import { asUserDownload } from "@/server/storage/http/user-downloads";
import { zipStream } from "@/server/storage/zip";

const idsSchema = z.array(z.string().min(1).max(64)).min(1, "Pick at least one file.").max(100, "Pick at most 100 files.");

async function zipResponse(actor: Actor, ids: string[]): Promise<Response> {
  const parsed = idsSchema.parse(ids);
  return asUserDownload(actor.id, async () => {
    const files = await downloadableFiles(actor, parsed);
    const name = `batchdesk-exports_${new Date().toISOString().slice(0, 10)}.zip`;
    return new Response(Readable.toWeb(zipStream(files)) as ReadableStream<Uint8Array>, {
      headers: { "content-type": "application/zip", "content-disposition": contentDisposition(name), "cache-control": "private, no-store" },
    });
  });
}

/** Several files as one zip, built while it streams: `?ids=a,b,c` (or repeated `ids=`). */
export const GET = withActor("files.zip", ({ req, actor }) =>
  zipResponse(actor, new URL(req.url).searchParams.getAll("ids").flatMap((v) => v.split(",")).filter(Boolean)),
);

const bodySchema = z.strictObject({ ids: idsSchema });

/** The same for a JSON body `{ ids }` (selections too long for a URL), read only once the sender is known. */
export const POST = withActor("files.zip", async ({ req, actor }) => zipResponse(actor, bodySchema.parse(await readJsonBody(req)).ids));
