import { Readable } from "node:stream";
import { z } from "zod";
import { AppError } from "@/server/errors";
import { downloadableFiles } from "@/server/storage/files";
import { contentDisposition } from "@/server/storage/http/disposition";
import { withUser } from "@/server/storage/http/respond";
import { zipStream } from "@/server/storage/zip";

const idsSchema = z.array(z.string().min(1).max(64)).min(1, "Pick at least one file.").max(100, "Pick at most 100 files.");

async function zipResponse(req: Request, ids: unknown): Promise<Response> {
  return withUser(req, "files.zip", async (user) => {
    const parsed = idsSchema.safeParse(ids);
    if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]!.message);
    const files = await downloadableFiles(user, parsed.data);
    const name = `batchdesk-exports_${new Date().toISOString().slice(0, 10)}.zip`;
    return new Response(Readable.toWeb(zipStream(files)) as ReadableStream<Uint8Array>, {
      headers: { "content-type": "application/zip", "content-disposition": contentDisposition(name), "cache-control": "private, no-store" },
    });
  });
}

/** Several files as one zip, built while it streams: `?ids=a,b,c` (or repeated `ids=`). */
export async function GET(req: Request): Promise<Response> {
  const params = new URL(req.url).searchParams;
  return zipResponse(req, params.getAll("ids").flatMap((v) => v.split(",")).filter(Boolean));
}

/** The same for a form or JSON body with `ids` (for selections too long for a URL). */
export async function POST(req: Request): Promise<Response> {
  const type = req.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const body = (await req.json().catch(() => null)) as { ids?: unknown } | null;
    return zipResponse(req, body?.ids);
  }
  const form = await req.formData().catch(() => null);
  return zipResponse(req, form ? form.getAll("ids").flatMap((v) => String(v).split(",")).filter(Boolean) : null);
}
