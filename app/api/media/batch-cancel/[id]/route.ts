import { withActor } from "@/server/http/route";
import { cancelDownload, mediaDownloadError } from "@/server/seed-apis/media-download";

/** Seed 004: cancel a batch download. */
export const POST = withActor("mediaDownload.cancel", cancelDownload, { errorEnvelope: mediaDownloadError });
