import { withActor } from "@/server/http/route";
import { adminJobs, openpenpalError } from "@/server/seed-apis/openpenpal";

/** Seed 000: every user's jobs (admins). */
export const GET = withActor("openpenpal.adminJobs", adminJobs, { errorEnvelope: openpenpalError });
