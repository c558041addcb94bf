import { downloadableFiles } from "@/server/storage/files";
import { fileResponse } from "@/server/storage/http/download";
import { withUser } from "@/server/storage/http/respond";

type Context = { params: Promise<{ id: string }> };

/** Downloads a stored file: its creator (or the creator of its batch) and admins only; Range and ETag supported. */
export async function GET(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params;
  return withUser(req, "files.download", async (user) => {
    const [file] = await downloadableFiles(user, [id]);
    return fileResponse(req, file!);
  });
}

export const HEAD = GET;
