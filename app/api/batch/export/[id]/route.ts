import { withActor } from "@/server/http/route";
import { downloadExport, openpenpalError } from "@/server/seed-apis/openpenpal";

/** Seed 000: download an export's file by its export (batch) id. */
export const GET = withActor("openpenpal.exportDownload", downloadExport, { errorEnvelope: openpenpalError });

export const HEAD = GET;
