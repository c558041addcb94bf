import { withActor } from "@/server/http/route";
import { downloadableFiles } from "@/server/storage/files";
import { fileResponse } from "@/server/storage/http/download";
import { asUserDownload } from "@/server/storage/http/user-downloads";

/** Downloads a stored file: its creator (or the creator of its batch) and admins only; Range and ETag supported; within DOWNLOADS_PER_USER. */
export const GET = withActor<{ id: string }>("files.download", async ({ req, actor, params }) => {
  return asUserDownload(actor.id, async () => {
    const [file] = await downloadableFiles(actor, [params.id]);
    return fileResponse(req, file!);
  });
});

export const HEAD = GET;
