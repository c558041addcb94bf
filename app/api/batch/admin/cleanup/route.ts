import { withActor } from "@/server/http/route";
import { adminCleanup, openpenpalError } from "@/server/seed-apis/openpenpal";

/** Seed 000: remove finished jobs' per-row data and files older than `?older_than_hours=` (admins). */
export const POST = withActor("openpenpal.adminCleanup", adminCleanup, { errorEnvelope: openpenpalError });
