import { withActor } from "@/server/http/route";
import { bulkCreate, openpenpalError } from "@/server/seed-apis/openpenpal";

/** Seed 000: batch bulk-create of `?target_type=`. */
export const POST = withActor("openpenpal.bulkCreate", bulkCreate, { errorEnvelope: openpenpalError });
