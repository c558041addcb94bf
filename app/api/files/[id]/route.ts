import { fileDownload } from "@/server/http/downloads";
import { withActor } from "@/server/http/route";

export const GET = withActor<{ id: string }>("files.download", fileDownload);

export const HEAD = GET;
