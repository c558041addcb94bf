import { fetchedFilesZip } from "@/server/http/downloads";
import { withActor } from "@/server/http/route";

export const GET = withActor<{ id: string }>("batches.files", fetchedFilesZip);
