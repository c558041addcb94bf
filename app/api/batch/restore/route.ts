import { withActor } from "@/server/http/route";
import { restore, openpenpalError } from "@/server/seed-apis/openpenpal";

/** Seed 000: batch restore of `?target_type=`. */
export const POST = withActor("openpenpal.restore", restore, { errorEnvelope: openpenpalError });
