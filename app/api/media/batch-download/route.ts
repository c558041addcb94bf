import { withActor } from "@/server/http/route";
import { mediaDownloadError, startDownload } from "@/server/seed-apis/media-download";

/** Seed 004: start downloading several media files as one fetch batch. */
export const POST = withActor("mediaDownload.start", startDownload, { errorEnvelope: mediaDownloadError });
