import { withActor } from "@/server/http/route";
import { archive, openpenpalError } from "@/server/seed-apis/openpenpal";

/** Seed 000: batch archive of `?target_type=`. */
export const POST = withActor("openpenpal.archive", archive, { errorEnvelope: openpenpalError });
