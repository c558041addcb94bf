import { withActor } from "@/server/http/route";
import { downloadStatus, mediaDownloadError } from "@/server/seed-apis/media-download";

/** Seed 004: a batch download's overall and per-file progress. */
export const GET = withActor("mediaDownload.status", downloadStatus, { errorEnvelope: mediaDownloadError });
