import { batchResultsDownload } from "@/server/http/downloads";
import { withActor } from "@/server/http/route";

export const GET = withActor<{ id: string }>("batches.results", batchResultsDownload);
