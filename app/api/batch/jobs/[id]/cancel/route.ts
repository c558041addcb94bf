import { withActor } from "@/server/http/route";
import { cancelJob, openpenpalError } from "@/server/seed-apis/openpenpal";

/** Seed 000: cancel a job (batch). */
export const POST = withActor("openpenpal.cancelJob", cancelJob, { errorEnvelope: openpenpalError });
