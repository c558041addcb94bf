import { withActor } from "@/server/http/route";
import { exportRows, openpenpalError } from "@/server/seed-apis/openpenpal";

/** Seed 000: batch export of `?target_type=`. */
export const POST = withActor("openpenpal.export", exportRows, { errorEnvelope: openpenpalError });
