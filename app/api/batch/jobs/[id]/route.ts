import { withActor } from "@/server/http/route";
import { job, openpenpalError } from "@/server/seed-apis/openpenpal";

/** Seed 000: a job's (batch's) state and progress. */
export const GET = withActor("openpenpal.job", job, { errorEnvelope: openpenpalError });
